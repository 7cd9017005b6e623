import { DEFAULT_ENGINE_CHOICE } from '../../common/engine-choice.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostClient } from '../../common/host-client.ts';
import type { EventName } from '../../common/ipc-contract.ts';
import { err, ok } from '../../common/result.ts';
import type { Transcript } from '../../common/transcript.ts';
import { writeWavFile } from '../audio/wav-file.ts';
import type { AppContext } from './context.ts';
import type { LibraryService } from './library-service.ts';
import { transcriptionServices } from './transcription.ts';

const transcript: Transcript = { text: 'Hello.', duration_s: 2, model: 'm', device: 'cpu', segments: [] };

/** The service over a scripted host: transcribeFile waits until `finish` (or a cancel) answers it. */
function setup(library: () => Promise<LibraryService>) {
  const calls: unknown[][] = [];
  const emitted: [EventName, unknown][] = [];
  const running = new Map<string, (r: ReturnType<typeof ok> | ReturnType<typeof err>) => void>();
  const host = {
    call: async (name: string, ...args: unknown[]) => {
      calls.push([name, ...args]);
      if (name === 'transcribeFile') return new Promise((resolve) => running.set(args[0] as string, resolve as never));
      if (name === 'cancel') {
        const job = running.get(args[0] as string);
        job?.(err('Cancelled', 'The transcription was cancelled.'));
        return ok(job !== undefined);
      }
      return err('Unexpected', name);
    },
    failAll: () => undefined,
  } as unknown as HostClient;
  const context = {
    host,
    emit: (name: EventName, payload: unknown) => emitted.push([name, payload]),
    settings: { load: async () => null },
    library,
  } as unknown as AppContext;
  const finish = (jobId: string) => running.get(jobId)?.(ok(transcript));
  const started = async (jobId: string) => {
    while (!running.has(jobId)) await new Promise((r) => setTimeout(r, 2));
  };
  return { services: transcriptionServices(context), calls, emitted, finish, started };
}

test('a file runs as the page’s job, starts with its length, and is saved to the library', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-transcription-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'talk.wav');
  await writeWavFile(path, { samples: new Float32Array(32_000), sampleRate: 16_000 });
  const saved: unknown[] = [];
  const { services, calls, emitted, finish, started } = setup(
    async () => ({ saveFile: async (input: unknown) => (saved.push(input), 7) }) as unknown as LibraryService,
  );
  const job = services.transcribeFile({ path, jobId: 'file-1', model: '/m', digits: true });
  await started('file-1');
  // The job id travels beside the request, not in it (the host's request schema is the page's minus the id).
  // The Processor choice (Settings → Models) rides along: the defaults, as nothing was chosen here.
  assert.deepEqual(calls[0], [
    'transcribeFile',
    'file-1',
    { path, model: '/m', digits: true, engine: DEFAULT_ENGINE_CHOICE },
    null,
  ]);
  assert.deepEqual(emitted, [
    [
      'onDidProgress',
      { task: 'transcribe', jobId: 'file-1', fraction: -1, seconds: 0, totalSeconds: 2, message: 'Starting' },
    ],
  ]);
  finish('file-1');
  assert.deepEqual(await job, { transcript, savedId: 7, warning: null });
  assert.deepEqual(saved, [{ transcript, audioPath: path }]);
});

test('a library that cannot store it does not lose the transcript: one sentence says so', async () => {
  const { services, finish, started } = setup(async () => {
    throw new Error('The transcript library is from a newer Verba.\nstack…');
  });
  const job = services.transcribeFile({ path: '/nowhere/talk.wav', jobId: 'file-2', model: '/m' });
  await started('file-2');
  finish('file-2');
  const result = await job;
  assert.equal(result.transcript, transcript);
  assert.equal(result.savedId, null);
  assert.equal(
    result.warning,
    'This transcript could not be saved to Transcripts (The transcript library is from a newer Verba); copy it before you close Verba.',
  );
});

test('cancel reaches the host job; an unknown job is false; a running id cannot be reused', async () => {
  const { services, calls, started } = setup(async () => {
    throw new Error('unused');
  });
  const job = services.transcribeFile({ path: '/a/long.wav', jobId: 'file-3', model: '/m' });
  await started('file-3');
  await assert.rejects(services.transcribeFile({ path: '/a/other.wav', jobId: 'file-3' }), { code: 'JobExists' });
  assert.equal(await services.cancelTranscription('file-3'), true);
  await assert.rejects(job, { code: 'Cancelled' });
  assert.deepEqual(calls.at(-1), ['cancel', 'file-3']);
  assert.equal(await services.cancelTranscription('file-3'), false);
  assert.equal(await services.cancelTranscription('never-ran'), false);
});

test('a cancel that arrives before the host has the job stops it without a host call', async () => {
  const { services, calls } = setup(async () => {
    throw new Error('unused');
  });
  const job = services.transcribeFile({ path: '/a/long.wav', jobId: 'file-4', model: '/m' });
  assert.equal(await services.cancelTranscription('file-4'), true);
  await assert.rejects(job, { code: 'Cancelled' });
  assert.deepEqual(calls, []);
});
