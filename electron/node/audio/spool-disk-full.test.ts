/**
 * A full disk while recording: one clear sentence, and every sample already on disk is kept as a valid
 * recording. The disk is a real 256 KiB tmpfs (about 4 s of 16 kHz float32), so the kernel's own ENOSPC
 * is what the spool meets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { VerbaError } from '../../common/result.ts';
import { loadAudioFile } from './load-audio.ts';
import { SpoolWriter, recoverSpool } from './spool.ts';

/** Mounts a small tmpfs (root on Linux, as in CI); elsewhere the test is skipped with the reason. */
function smallDisk(t: TestContext): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'verba-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    const reason = 'mounting a small tmpfs needs root on Linux';
    if (process.env.CI === 'true' && process.platform === 'linux') assert.fail(`CI must run as root: ${reason}`);
    t.skip(reason);
    return null;
  }
  t.after(() => {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

test('a full disk stops the spool with one sentence and keeps every sample already written', async (t) => {
  const disk = smallDisk(t);
  if (disk === null) return;
  const spool = await SpoolWriter.create(disk);
  const audio = new Float32Array(16_000 * 10).map((_, i) => Math.sin(i / 7) * 0.5);
  let appended = 0;
  let failure: unknown = null;
  for (let at = 0; at < audio.length && failure === null; at += 320) {
    try {
      spool.append(audio.subarray(at, at + 320));
      appended = at + 320;
    } catch (error) {
      failure = error;
    }
  }
  assert.ok(failure instanceof VerbaError, `expected a VerbaError, got ${String(failure)}`);
  assert.equal(failure.code, 'DiskFull');
  assert.match(
    failure.message,
    /^The disk is full, so Verba stopped recording; the \d+\.\d s recorded so far are kept in .+\.$/,
  );
  assert.ok(appended > 16_000 * 2, `only ${appended} samples fitted on a 256 KiB disk`);

  const path = await spool.close();
  const { samples, sampleRate } = await recoverSpool(path);
  assert.equal(sampleRate, 16_000);
  // Everything but the batch in flight (≤ 0.1 s) is kept, sample for sample.
  assert.ok(samples.length >= appended - 1_600, `kept ${samples.length} of ${appended} samples`);
  assert.deepEqual(samples, audio.subarray(0, samples.length));
});

test('a short write at the edge of a full disk counts only what landed: the closed file is exactly its header', async (t) => {
  const disk = smallDisk(t);
  if (disk === null) return;
  const spool = await SpoolWriter.create(disk);
  const audio = new Float32Array(16_000 * 10).map((_, i) => Math.cos(i / 5) * 0.5);
  let failure: unknown = null;
  for (let at = 0; at < audio.length && failure === null; at += 320) {
    try {
      spool.append(audio.subarray(at, at + 320));
    } catch (error) {
      failure = error;
    }
  }
  assert.ok(failure instanceof VerbaError && failure.code === 'DiskFull', String(failure));
  const onDiskSeconds = spool.duration;
  await spool.close();
  // Read the file as any WAV reader would, trusting its header rather than its length.
  const bytes = readFileSync(spool.path);
  const dataBytes = bytes.readUInt32LE(40);
  assert.equal(
    bytes.length,
    44 + dataBytes,
    `header says ${dataBytes} data bytes, the file holds ${bytes.length - 44}`,
  );
  assert.equal(dataBytes / 4 / 16_000, onDiskSeconds);
  const decoded = await loadAudioFile(spool.path);
  assert.deepEqual(decoded.samples, audio.subarray(0, dataBytes / 4));
});
