import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext, SavePathRequest } from './context.ts';
import { dispatch } from '../../common/ipc-dispatch.ts';
import type { VerbaServices } from '../../common/ipc-contract.ts';
import { editWords, withWords } from '../../common/transcript-edit.ts';
import { TranscriptLibrary } from '../storage/transcript-library.ts';
import { makeTranscript } from '../testing/transcripts.ts';
import { createLibraryService } from './library-service.ts';
import { exportFileName, libraryServices } from './library.ts';
import type { HostClient } from '../../common/host-client.ts';
import { err, ok } from '../../common/result.ts';
import type { ProgressEvent } from '../../common/ipc-types.ts';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import { DEMO_MODEL_LM } from '../models/demo-model.ts';

async function setup(t: import('node:test').TestContext, saveAnswers: (string | null)[] = []) {
  const root = await mkdtemp(join(tmpdir(), 'verba-library-slice-'));
  const storage = await TranscriptLibrary.open(join(root, 'library'));
  const service = createLibraryService(storage);
  t.after(async () => {
    storage.close();
    await rm(root, { recursive: true, force: true });
  });
  const asked: SavePathRequest[] = [];
  // Only what the slice uses: the shared library and the save dialog.
  const context = {
    library: async () => service,
    pickSavePath: async (request: SavePathRequest) => {
      asked.push(request);
      return saveAnswers.shift() ?? null;
    },
  } as unknown as AppContext;
  return { root, storage, service, slice: libraryServices(context), asked };
}

test('history is newest first with kind and date filters; search marks the matched words', async (t) => {
  const { root, service, slice } = await setup(t);
  const audio = join(root, 'standup.wav');
  await writeFile(audio, 'RIFF');
  const a = await service.saveFile({ transcript: makeTranscript(['Budget review on Monday.']), audioPath: audio });
  const spool = join(root, 'spool.wav');
  await writeFile(spool, 'RIFF');
  const b = await service.saveDictation({ transcript: makeTranscript(['Call the venue.']), spoolPath: spool });

  const all = await slice.listTranscripts({});
  assert.deepEqual(
    all.items.map((i) => i.id),
    [b, a],
  );
  assert.equal(all.total, 2);
  assert.deepEqual(
    (await slice.listTranscripts({ kind: 'file' })).items.map((i) => i.id),
    [a],
  );
  assert.equal((await slice.listTranscripts({ from: Date.now() + 60_000 })).total, 0);
  assert.equal((await slice.listTranscripts({ limit: 1, offset: 1 })).items[0]?.id, a);

  const hits = await slice.searchTranscripts({ text: 'budget' });
  assert.equal(hits.total, 1);
  assert.deepEqual(
    hits.items[0]!.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase()),
    ['budget'],
  );
});

test('open gives the editor words and paragraphs but no path; an edit keeps the timings of unchanged words', async (t) => {
  const { root, service, slice } = await setup(t);
  const spool = join(root, 'spool.wav');
  await writeFile(spool, 'RIFF');
  const id = await service.saveDictation({
    transcript: makeTranscript(['Send the slides.', 'Book the room.'], { pauseAfter: { 0: 3 } }),
    spoolPath: spool,
  });
  const { stored, model } = await slice.openTranscript(id);
  assert.equal(stored.hasAudio, true);
  assert.ok(!('audioPath' in stored), 'the page never sees a path');
  assert.equal(model.paragraphs.length, 2);

  const words = editWords(model.words, 'Send the new slides. Book the room.');
  const saved = await slice.updateTranscript({ id, title: 'Slides', transcript: withWords(stored.transcript, words) });
  assert.equal(saved.title, 'Slides');
  assert.equal(saved.transcript.text, 'Send the new slides. Book the room.');
  const after = (await slice.openTranscript(id)).model.words;
  const timings = (ws: typeof after) => ws.map((w) => [w.word, w.start, w.end]);
  assert.deepEqual(timings(after.filter((w) => w.word !== 'new')), timings(model.words));

  const audio = await slice.transcriptAudio(id);
  assert.deepEqual(audio, { url: `verba-audio://transcript/${id}`, mimeType: 'audio/wav' });
  await assert.rejects(slice.updateTranscript({ id }), /names a new title/);
});

test('delete and restore (undo); a deleted transcript plays no audio', async (t) => {
  const { root, service, slice } = await setup(t);
  const audio = join(root, 'talk.mp3');
  await writeFile(audio, 'ID3');
  const id = await service.saveFile({ transcript: makeTranscript(['Hello there.']), audioPath: audio });
  assert.equal((await slice.transcriptAudio(id))?.mimeType, 'audio/mpeg');
  assert.equal(await slice.deleteTranscript(id), true);
  assert.equal((await slice.listTranscripts({})).total, 0);
  assert.equal(await slice.transcriptAudio(id), null);
  assert.equal(await slice.restoreTranscript(id), true);
  assert.equal((await slice.listTranscripts({})).total, 1);
  await rm(audio);
  assert.equal(await slice.transcriptAudio(id), null, 'the file has gone');
  assert.equal((await slice.getTranscript(id)).hasAudio, false);
});

test('export asks where to save, offering the title as the name; a cancel writes nothing', async (t) => {
  const { service, slice, asked } = await setup(t, [null]);
  const id = await service.saveFile({ transcript: makeTranscript(['Ship it.']), audioPath: '/x/Weekly: sync?.wav' });
  assert.equal(await slice.exportTranscript({ id, format: 'md' }), null);
  assert.deepEqual(asked, [{ title: 'Export transcript', defaultName: 'Weekly sync.md', extensions: ['md'] }]);
});

test('export writes the chosen file, replacing one the user agreed to replace; md carries participants', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'verba-library-export-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const target = join(root, 'notes.md');
  await writeFile(target, 'old');
  const { service, slice } = await setup(t, [target]);
  const id = await service.saveFile({ transcript: makeTranscript(['Ship it on Friday.']), audioPath: '/x/a.wav' });
  assert.equal(await slice.exportTranscript({ id, format: 'md', participants: ['Ada', 'Priya'] }), target);
  const md = await readFile(target, 'utf8');
  assert.match(md, /Ship it on Friday\./);
  assert.match(md, /Ada/);
  assert.match(md, /Priya/);
});

test('through dispatch: a string id or a path is refused before the library is touched', async (t) => {
  const { slice } = await setup(t);
  const services = slice as unknown as VerbaServices;
  for (const [name, args] of [
    ['getTranscript', ['1']],
    ['transcriptAudio', ['/etc/passwd']],
    ['openTranscript', [0]],
    ['exportTranscript', [{ id: 1, format: 'md', path: '/tmp/x.md' }]],
    ['searchTranscripts', [{ text: '' }]],
  ] as const) {
    const result = await dispatch(services, name, [...args]);
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.equal(result.error.name, 'InvalidPayload', name);
  }
  const missing = await dispatch(services, 'getTranscript', [99]);
  assert.equal(missing.ok, false);
});

test('export file names are safe on every OS', () => {
  assert.equal(exportFileName('Weekly: sync?', 'md'), 'Weekly sync.md');
  assert.equal(exportFileName('../../etc/passwd', 'txt'), '.. .. etc passwd.txt');
  assert.equal(exportFileName('  ...  ', 'srt'), 'Transcript.srt');
  assert.equal(exportFileName('a\u0000b', 'vtt'), 'a b.vtt');
});

/**
 * A host that answers transcribeFile with `answer` once `release` is called (or at once), and records
 * what it was asked; cancel stops a waiting job as the real host does.
 */
function fakeHost(answer: string[]) {
  const asked: unknown[][] = [];
  const waiting = new Map<string, () => void>();
  let hold = false;
  const host = {
    async call(name: string, ...args: unknown[]) {
      asked.push([name, ...args]);
      if (name === 'cancel') {
        const stop = waiting.get(args[0] as string);
        stop?.();
        return ok(stop !== undefined);
      }
      if (name !== 'transcribeFile') return err('Unexpected', name);
      if (hold) {
        const cancelled = await new Promise<boolean>((resolve) => {
          waiting.set(args[0] as string, () => resolve(true));
          setTimeout(() => resolve(false), 2000);
        });
        if (cancelled) return err('Cancelled', 'The transcription was cancelled.');
      }
      return ok(makeTranscript(answer, { model: 'verba-demo-sewd' }));
    },
  } as unknown as HostClient;
  return { host, asked, holdNext: () => (hold = true), waiting };
}

async function retranscribeSetup(t: import('node:test').TestContext, answer: string[]) {
  const root = await mkdtemp(join(tmpdir(), 'verba-retranscribe-'));
  const storage = await TranscriptLibrary.open(join(root, 'library'));
  const service = createLibraryService(storage);
  t.after(async () => {
    storage.close();
    await rm(root, { recursive: true, force: true });
  });
  const fake = fakeHost(answer);
  const events: ProgressEvent[] = [];
  const context = {
    library: async () => service,
    host: fake.host,
    cacheDir: join(root, 'cache'),
    settingsPath: join(root, 'settings', 'text-settings.json'),
    settings: { load: async () => DEFAULT_TEXT_SETTINGS },
    emit: (name: string, payload: ProgressEvent) => name === 'onDidProgress' && events.push(payload),
  } as unknown as AppContext;
  const audio = join(root, 'standup.wav');
  await writeFile(audio, 'RIFF');
  const id = await service.saveFile({ transcript: makeTranscript(['Thanks for the hell.']), audioPath: audio });
  return { root, service, slice: libraryServices(context), fake, events, id, audio };
}

test('re-transcribe with beam search and the model’s LM: the host runs on the stored audio, the result is stored with its decoder', async (t) => {
  const { slice, fake, events, id, audio } = await retranscribeSetup(t, ['Thanks for the help.']);
  const models = await slice.retranscribeModels();
  const demo = models.find((m) => m.demo);
  assert.ok(demo, 'the bundled demo model is installed');
  assert.equal(demo.hasLm, true);
  assert.ok(!('folder' in demo) && !('lm' in demo), 'no paths reach the page');

  const before = await slice.getTranscript(id);
  const stored = await slice.retranscribeTranscript({ id, jobId: 'again-1', model: demo.id, decoder: 'beam' });
  const [name, jobId, request] = fake.asked[0]!;
  assert.deepEqual([name, jobId], ['transcribeFile', 'again-1']);
  const { path, beam } = request as { path: string; beam: { width: number; lm: string } };
  assert.equal(path, audio);
  assert.equal(beam.lm, DEMO_MODEL_LM);
  assert.equal(stored.transcript.text, 'Thanks for the help.');
  assert.deepEqual(stored.decoder, { decoder: 'beam', beamWidth: beam.width, lm: 'demo-3gram.arpa' });
  assert.equal(stored.model, 'verba-demo-sewd');
  assert.equal((await slice.getTranscript(id)).transcript.text, 'Thanks for the help.');
  assert.equal(events[0]?.jobId, 'again-1');
  assert.equal(events[0]?.totalSeconds, before.duration_s, 'the stored length, so the page can show a fraction');

  const greedy = await slice.retranscribeTranscript({ id, jobId: 'again-2', model: demo.id, decoder: 'greedy' });
  assert.deepEqual(greedy.decoder, { decoder: 'greedy' });
  assert.equal((fake.asked[1]![2] as { beam?: unknown }).beam, undefined);
});

test('re-transcribe: no audio, an unknown model and a cancel each say why and store nothing', async (t) => {
  const { slice, fake, id, audio } = await retranscribeSetup(t, ['Other words.']);
  const [demo] = await slice.retranscribeModels();
  assert.ok(demo);
  await assert.rejects(
    slice.retranscribeTranscript({ id, jobId: 'x', model: 'nobody/nothing', decoder: 'greedy' }),
    /not installed/,
  );
  fake.holdNext();
  const running = slice.retranscribeTranscript({ id, jobId: 'again-3', model: demo.id, decoder: 'greedy' });
  while (!fake.waiting.has('again-3')) await new Promise((r) => setTimeout(r, 5));
  assert.equal(await slice.cancelRetranscription('again-3'), true);
  await assert.rejects(running, { code: 'Cancelled' });
  assert.equal(await slice.cancelRetranscription('again-3'), false, 'it has ended');
  assert.equal((await slice.getTranscript(id)).transcript.text, 'Thanks for the hell.');

  await rm(audio);
  await assert.rejects(
    slice.retranscribeTranscript({ id, jobId: 'y', model: demo.id, decoder: 'greedy' }),
    /^VerbaError: The audio of this transcript was not kept or has been moved, so it cannot be transcribed again\.$/,
  );
  assert.equal(fake.asked.filter(([n]) => n === 'transcribeFile').length, 1, 'only the cancelled run reached the host');
});
