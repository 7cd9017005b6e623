/**
 * A disk that fails the final sync: close() must still release the file descriptor and say what
 * happened in one sentence. The disk is a real ext4 image on a loop device whose backing store (a 1 MiB
 * tmpfs) runs out, so the write-back the close-time fsync waits for fails in the kernel, as a dying USB
 * stick or a full host volume under a VM disk would.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { VerbaError } from '../../common/result.ts';
import { SpoolWriter } from './spool.ts';

/** Mounts a 16 MiB ext4 whose backing file can only ever hold 1 MiB; null (skipped) where that needs root. */
function disappearingDisk(t: TestContext): string | null {
  const backing = mkdtempSync(join(tmpdir(), 'verba-backing-'));
  const mnt = mkdtempSync(join(tmpdir(), 'verba-failing-disk-'));
  const undo: (() => void)[] = [
    () => rmSync(mnt, { recursive: true, force: true }),
    () => rmSync(backing, { recursive: true, force: true }),
  ];
  const cleanup = () => {
    // Lazy unmounts: a descriptor leaked by a failing run must not leave the mounts behind.
    for (const step of undo.splice(0).reverse()) {
      try {
        step();
      } catch {
        // Keep undoing the rest.
      }
    }
  };
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', backing], { stdio: 'ignore' });
    undo.push(() => execFileSync('umount', ['-l', backing]));
    execFileSync('truncate', ['-s', '16m', join(backing, 'disk.img')]);
    execFileSync('mkfs.ext4', ['-q', '-O', '^has_journal', '-E', 'nodiscard', join(backing, 'disk.img')], {
      stdio: 'ignore',
    });
    execFileSync('mount', ['-o', 'loop,errors=continue', join(backing, 'disk.img'), mnt], { stdio: 'ignore' });
    undo.push(() => execFileSync('umount', ['-l', mnt]));
  } catch {
    cleanup();
    const reason = 'a loop-mounted ext4 needs root, mkfs.ext4 and loop devices on Linux';
    if (process.env.CI === 'true' && process.platform === 'linux') assert.fail(`CI must provide them: ${reason}`);
    t.skip(reason);
    return null;
  }
  t.after(cleanup);
  return mnt;
}

const openFds = () =>
  readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((l) => l.includes('spool-')).length;

test('when the final sync fails, close() reports it in one sentence and still closes the file', async (t) => {
  const disk = disappearingDisk(t);
  if (disk === null) return;
  const fdsBefore = openFds();
  const spool = await SpoolWriter.create(disk);
  // 60 s (3.75 MiB) fits the file system's page cache but not the 1 MiB behind it. Whether the error
  // reaches a background sync (a slow burst) or close()'s fsync, close() must report it. (With 20 s,
  // 1.25 MiB, this kernel's fsync said "ok" about half the time: plain writes + fsync on the same disk,
  // without Verba, did the same. Three times the backing store is always refused.)
  for (let i = 0; i < 60 * 50; i++) spool.append(new Float32Array(320).fill(0.1));
  const error = await spool.close().then(
    () => null,
    (e: unknown) => e,
  );
  assert.equal(openFds(), fdsBefore, 'the spool file descriptor leaked');
  assert.ok(error instanceof VerbaError, `expected a VerbaError, got ${String(error)}`);
  // The loop device passes the backing store's ENOSPC up; a kernel that says EIO instead is as good.
  assert.ok(['DiskFull', 'SpoolWriteFailed'].includes(error.code), error.code);
  assert.match(
    error.message,
    /stopped; the 60\.0 s recorded so far are kept in .+\.$|stopped recording; the 60\.0 s recorded so far are kept in .+\.$/,
  );
});
