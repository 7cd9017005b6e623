/**
 * A full disk while recording: one clear sentence, and every sample already on disk is kept as a valid
 * recording. The disk is a real 256 KiB tmpfs (about 4 s of 16 kHz float32), so the kernel's own ENOSPC
 * is what the spool meets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { VerbaError } from '../../common/result.ts';
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
  assert.match(failure.message, /^The disk is full, so Verba stopped recording; the \d+\.\d s recorded so far are kept in .+\.$/);
  assert.ok(appended > 16_000 * 2, `only ${appended} samples fitted on a 256 KiB disk`);

  const path = await spool.close();
  const { samples, sampleRate } = await recoverSpool(path);
  assert.equal(sampleRate, 16_000);
  // Everything but the batch in flight (≤ 0.1 s) is kept, sample for sample.
  assert.ok(samples.length >= appended - 1_600, `kept ${samples.length} of ${appended} samples`);
  assert.deepEqual(samples, audio.subarray(0, samples.length));
});
