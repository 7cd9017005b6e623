import { test, type TestContext } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostEventMessage } from '../common/host-contract.ts';
import { writeWavFile } from '../node/audio/wav-file.ts';
import { convertedSewdFixture, speechLike } from '../node/testing/fixtures.ts';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHostClient } from '../common/host-client.ts';
import { availableBackends } from '../node/onnx/ort.ts';
import type { Result } from '../common/result.ts';
import { forkInferenceHost } from './fork-host.ts';

const hostPath = fileURLToPath(new URL('./inference-host.ts', import.meta.url));

test('the inference host runs in its own process and answers over the message protocol', async () => {
  const child = fork(hostPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const host = createHostClient({ post: (m) => child.send(m), listen: (l) => child.on('message', l) });
    const ping = await host.call('ping');
    assert.ok(ping.ok);
    assert.equal(ping.value.pid, child.pid);
    assert.notEqual(ping.value.pid, process.pid);
    assert.deepEqual(ping.value.backends, availableBackends());
    // An untyped caller (another version, a compromised parent) gets one sentence back.
    const untyped = host.call as unknown as (name: string, ...args: unknown[]) => Promise<Result<unknown>>;
    const unknown = await untyped('rm -rf');
    assert.equal(unknown.ok, false);
    if (!unknown.ok) assert.equal(unknown.error.name, 'UnknownMethod');
    const malformed = await untyped('transcribeFile', { path: '/a.wav' });
    assert.ok(!malformed.ok && malformed.error.name === 'InvalidPayload');
  } finally {
    child.kill();
  }
});

test('a host that dies is restarted on the next call, and the caller never crashes', async () => {
  const host = forkInferenceHost();
  try {
    const first = await host.call('ping');
    assert.ok(first.ok);
    process.kill(first.value.pid, 'SIGKILL');
    // Calls right after the kill either fail with one sentence or reach the new host; none throws.
    let second = await host.call('ping');
    for (let i = 0; i < 50 && !second.ok; i++) {
      assert.equal(second.error.name, 'InferenceHostStopped');
      assert.match(second.error.message, /^The transcription engine stopped unexpectedly \(.+\); please try again\.$/);
      await new Promise((r) => setTimeout(r, 20));
      second = await host.call('ping');
    }
    assert.ok(second.ok, 'the host was not restarted');
    assert.notEqual(second.value.pid, first.value.pid);
  } finally {
    host.stop();
  }
});

/** A forked host with speech-like recordings of the given lengths on disk, and every event it posts. */
async function hostWithRecordings(t: TestContext, seconds: number[]) {
  const dir = await mkdtemp(join(tmpdir(), 'verba-host-jobs-'));
  const events: HostEventMessage[] = [];
  const host = forkInferenceHost({ onEvent: (e) => events.push(e), env: { VERBA_CACHE_DIR: join(dir, 'cache') } });
  t.after(async () => {
    host.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const paths: string[] = [];
  for (const [i, s] of [2, ...seconds].entries()) {
    paths.push(join(dir, `talk-${i}.wav`));
    await writeWavFile(paths[i]!, { samples: speechLike(s, 7 + i), sampleRate: 16_000 }, 'float32');
  }
  const model = await convertedSewdFixture();
  // Load the model once, so the tests below time transcription, not loading.
  const warm = await host.call('transcribeFile', 'warm-up', { path: paths[0]!, model, raw: true }, null);
  assert.ok(warm.ok, warm.ok ? '' : warm.error.message);
  events.length = 0;
  const firstProgress = (jobId: string) =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (events.some((e) => e.event === 'progress' && e.payload.jobId === jobId)) {
          clearInterval(poll);
          resolve();
        }
      }, 2);
    });
  return { host, events, paths: paths.slice(1), model, firstProgress };
}

test('while a long file is transcribed, other calls are answered promptly', async (t) => {
  const { host, paths, model, firstProgress } = await hostWithRecordings(t, [900]);
  let finished = false;
  const job = host.call('transcribeFile', 'long', { path: paths[0]!, model, raw: true }, null).then((r) => {
    finished = true;
    return r;
  });
  await firstProgress('long');
  const latencies: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const ping = await host.call('ping');
    latencies.push(performance.now() - t0);
    assert.ok(ping.ok);
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.equal(finished, false, 'the file finished before the pings: make it longer');
  latencies.sort((a, b) => a - b);
  console.log(
    `ping during a 900 s transcription: median ${latencies[5]!.toFixed(1)} ms, max ${latencies[9]!.toFixed(1)} ms`,
  );
  // A served-one-at-a-time host would answer only after the whole file (seconds here).
  assert.ok(latencies[9]! < 250, `slowest ping ${latencies[9]} ms`);
  await host.call('cancel', 'long');
  assert.equal((await job).ok, false);
});

test('cancel(jobId) stops a transcription within 250 ms and the host stays usable', async (t) => {
  const { host, paths, model, firstProgress, events } = await hostWithRecordings(t, [120, 3]);
  const job = host.call('transcribeFile', 'to-cancel', { path: paths[0]!, model, raw: true }, null);
  await firstProgress('to-cancel');
  const t0 = performance.now();
  const cancelled = await host.call('cancel', 'to-cancel');
  const result = await job;
  const ms = performance.now() - t0;
  console.log(`cancel → transcription ended: ${ms.toFixed(1)} ms`);
  assert.deepEqual(cancelled, { ok: true, value: true });
  assert.deepEqual(result, { ok: false, error: { name: 'Cancelled', message: 'The transcription was cancelled.' } });
  assert.ok(ms <= 250, `cancel took ${ms} ms`);
  const seen = events.filter((e) => e.event === 'progress' && e.payload.jobId === 'to-cancel').length;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(
    events.filter((e) => e.event === 'progress' && e.payload.jobId === 'to-cancel').length,
    seen,
    'progress after the job was cancelled',
  );
  // The host is still up and the same job id can be used again; an unknown job is not an error.
  assert.deepEqual(await host.call('cancel', 'to-cancel'), { ok: true, value: false });
  const after = await host.call('transcribeFile', 'to-cancel', { path: paths[1]!, model, raw: true }, null);
  assert.ok(after.ok && after.value.duration_s === 3);
});

test('two concurrent jobs: both run at once, and their events never mix', async (t) => {
  const { host, paths, model, events } = await hostWithRecordings(t, [90, 30]);
  const order: string[] = [];
  const start = (jobId: string, path: string) =>
    host.call('transcribeFile', jobId, { path, model, raw: true }, null).then((r) => {
      order.push(jobId);
      return r;
    });
  const [a, b] = await Promise.all([start('job-a', paths[0]!), start('job-b', paths[1]!)]);
  assert.ok(a.ok && b.ok);
  // The short job started second and finished first: it did not wait behind the long one.
  assert.deepEqual(order, ['job-b', 'job-a']);
  for (const [jobId, transcript] of [
    ['job-a', a.value],
    ['job-b', b.value],
  ] as const) {
    const progress = events.flatMap((e) => (e.event === 'progress' && e.payload.jobId === jobId ? [e.payload] : []));
    const seconds = progress.map((p) => p.seconds);
    assert.ok(progress.length >= 3, `${jobId}: ${progress.length} progress events`);
    assert.deepEqual(
      seconds,
      [...seconds].sort((x, y) => x - y),
      `${jobId}: progress went backwards`,
    );
    assert.ok(seconds.every((s) => s <= transcript.duration_s));
    assert.deepEqual(progress.at(-1), {
      jobId,
      fraction: 1,
      seconds: transcript.duration_s,
      message: `Transcribed ${transcript.duration_s.toFixed(1)} s`,
    });
  }
  assert.equal(a.value.duration_s, 90);
  assert.equal(b.value.duration_s, 30);
  assert.ok(events.every((e) => e.event === 'progress' && ['job-a', 'job-b'].includes(e.payload.jobId)));
});
