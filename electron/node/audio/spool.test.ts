import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VerbaError } from '../../common/result.ts';
import { loadAudioFile } from './load-audio.ts';
import { SpoolWriter, discardSpool, listOrphanedSpools, recoverSpool } from './spool.ts';
import {
  REPO_ROOT,
  alignedCorrelation,
  playIntoMic,
  requireTools,
  requireVirtualMic,
  speak,
} from '../testing/media.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Alive and not a zombie (an orphan's exit status waits for whoever adopts it to reap it). */
function isRunning(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)])
      .toString()
      .trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false;
  }
}

describe('spool', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verba-spool-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('appends in any frame size and recovers the exact samples as a valid WAV', async () => {
    const spoolDir = join(dir, 'unit');
    const spool = await SpoolWriter.create(spoolDir);
    const written: number[] = [];
    let x = 0.1;
    for (const size of [1, 320, 7, 1600, 5000, 319]) {
      const frame = new Float32Array(size);
      for (let i = 0; i < size; i++) frame[i] = x = ((x * 9301 + 0.49297) % 1) - 0.5;
      spool.append(frame);
      written.push(...frame);
    }
    assert.equal(spool.duration, written.length / 16000);
    const path = await spool.close();
    // This process is alive, so its spool is not an orphan.
    assert.deepEqual(await listOrphanedSpools(spoolDir), []);
    const pcm = await recoverSpool(path);
    assert.equal(pcm.sampleRate, 16000);
    assert.deepEqual(Array.from(pcm.samples), Array.from(new Float32Array(written)));
    // The recovered file is an ordinary float WAV that the file decoder reads back.
    const decoded = await loadAudioFile(path);
    assert.equal(decoded.samples.length, written.length);
    await assert.rejects(discardSpool(join(spoolDir, 'notes.txt')), VerbaError);
    await discardSpool(path);
    assert.deepEqual(await readdir(spoolDir), []);
  });

  test('a spool whose process died is an orphan; a damaged one is refused clearly', async () => {
    const spoolDir = join(dir, 'orphans');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const pid = child.pid!;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(spoolDir, { recursive: true });
    const orphan = join(spoolDir, `spool-1700000000000-${pid}-00ff00ff.wav`);
    await writeFile(orphan, 'garbage');
    const found = await listOrphanedSpools(spoolDir);
    assert.deepEqual(
      found.map((s) => [s.path, s.pid, s.startedAt]),
      [[orphan, pid, 1700000000000]],
    );
    await assert.rejects(recoverSpool(orphan), (e: unknown) => e instanceof VerbaError && e.code === 'SpoolCorrupt');
  });

  test('SIGKILL during `verba record` loses at most the last second', async (t) => {
    if (!(await requireVirtualMic(t)) || !requireTools(t, 'espeak-ng')) return;
    const spoolDir = join(dir, 'killed');
    const wav = join(dir, 'speech.wav');
    await speak('This recording will be interrupted by a crash, but the words must survive.', wav);
    const reference = (await loadAudioFile(wav)).samples;

    const recorder = spawn(
      process.execPath,
      ['electron/cli/verba.ts', 'record', '--seconds', '120', '--out', join(dir, 'never.wav'), '--spool-dir', spoolDir],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    recorder.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Audio is on disk from the moment the spool grows past its 44-byte header.
    let firstAudioAt = 0;
    let spoolPath = '';
    for (let i = 0; i < 500 && firstAudioAt === 0; i++) {
      await sleep(20);
      const names = await readdir(spoolDir).catch(() => [] as string[]);
      if (names[0] !== undefined && (await stat(join(spoolDir, names[0]))).size > 44) {
        firstAudioAt = performance.now();
        spoolPath = join(spoolDir, names[0]);
      }
    }
    assert.ok(firstAudioAt > 0, `recording never started: ${stderr}`);
    const worker = execFileSync('ps', ['-o', 'pid=', '--ppid', String(recorder.pid)])
      .toString()
      .trim();
    await playIntoMic(wav);
    await sleep(1200);
    const killedAt = performance.now();
    recorder.kill('SIGKILL');
    await new Promise((r) => recorder.once('exit', r));

    const orphans = await listOrphanedSpools(spoolDir);
    assert.deepEqual(
      orphans.map((o) => o.path),
      [spoolPath],
    );
    const { samples } = await recoverSpool(spoolPath);
    const recordedSeconds = (killedAt - firstAudioAt) / 1000;
    const recoveredSeconds = samples.length / 16000;
    t.diagnostic(
      `recorded ~${recordedSeconds.toFixed(2)} s before SIGKILL, recovered ${recoveredSeconds.toFixed(2)} s`,
    );
    assert.ok(recoveredSeconds >= recordedSeconds - 1, `recovered ${recoveredSeconds} s of ~${recordedSeconds} s`);
    const { correlation } = alignedCorrelation(samples, reference);
    assert.ok(
      correlation >= 0.8,
      `the spoken sentence is not in the recovered audio (correlation ${correlation.toFixed(3)})`,
    );

    // The PortAudio worker noticed its parent vanish and exited.
    if (worker !== '') {
      let alive = true;
      for (let i = 0; i < 40 && alive; i++) {
        await sleep(100);
        alive = isRunning(Number(worker));
      }
      assert.equal(alive, false, 'the capture worker outlived its recorder by 4 s');
    }
    await discardSpool(spoolPath);
  });
});
