/** SpoolWriter's file handling on an ordinary disk: durability syncs and the descriptor's lifetime. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { close, closeSync, constants, open, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AUDIO_DEFAULTS } from '../../common/defaults.ts';
import { SpoolWriter, discardSpool } from './spool.ts';

/**
 * Occupies every libuv thread-pool thread with an open() of a FIFO that has no writer yet, so queued
 * fs work (the spool's fdatasync) cannot run until `release()`.
 */
function blockThreadPool(dir: string): { release: () => Promise<void> } {
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const opened: Promise<void>[] = [];
  const fifos: string[] = [];
  for (let i = 0; i < threads; i++) {
    const fifo = join(dir, `block-${i}.fifo`);
    execFileSync('mkfifo', [fifo]);
    fifos.push(fifo);
    opened.push(
      new Promise((resolve, reject) =>
        open(fifo, 'r', (error, fd) => (error ? reject(error) : close(fd, () => resolve()))),
      ),
    );
  }
  // O_NONBLOCK: never block this thread. ENXIO means that FIFO's reader has not reached open() yet
  // (its pool thread was still busy): wait for it rather than give up.
  const unblock = async (fifo: string) => {
    for (let attempt = 0; ; attempt++) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENXIO' || attempt > 500) throw error;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  };
  let released: Promise<unknown> | null = null;
  return {
    release: async () => {
      released ??= Promise.all(fifos.map(async (fifo, i) => (await unblock(fifo), opened[i])));
      await released;
    },
  };
}

test('close() waits for the background fdatasync before it closes the file', async (t) => {
  if (process.platform === 'win32') return t.skip('the thread-pool blocker uses FIFOs (mkfifo)');
  const dir = await mkdtemp(join(tmpdir(), 'verba-spool-sync-'));
  let pool: { release: () => Promise<void> } | null = null;
  try {
    const spool = await SpoolWriter.create(dir);
    // Once a sync interval has passed, the next full batch queues a thread-pool fdatasync on the fd.
    await new Promise((r) => setTimeout(r, AUDIO_DEFAULTS.spoolSyncMs + 50));
    pool = blockThreadPool(dir);
    const batch = (AUDIO_DEFAULTS.spoolWriteBatchMs * 16_000) / 1000;
    spool.append(new Float32Array(batch).fill(0.25));
    let closed = false;
    const closing = spool.close().then(() => (closed = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    // Closing the fd under a pending fdatasync lets it sync (or fail on) whatever file reuses the number.
    assert.equal(closed, false, 'close() closed the file while an fdatasync on its descriptor had not run yet');
    await pool.release();
    await closing;
    assert.equal(readFileSync(spool.path).length, 44 + batch * 4);
    assert.equal(readFileSync(spool.path).readUInt32LE(40), batch * 4);
    assert.equal(await spool.close(), spool.path);
    assert.throws(() => spool.append(new Float32Array(1)), /already closed/);
    await discardSpool(spool.path);
  } finally {
    // Before anything else that needs the thread pool (rm does).
    await pool?.release();
    await rm(dir, { recursive: true, force: true });
  }
});
