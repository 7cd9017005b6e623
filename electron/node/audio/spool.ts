/**
 * Never lose a recording: while capturing, audio is appended to a spool file (a float32 WAV whose
 * header sizes are fixed only on close) and fsync'ed about once a second, so a crash or power cut
 * loses at most ~1 s. Spools left by a crashed process are found at start-up and offered for
 * recovery; a spool is deleted only when the caller confirms the transcript is stored.
 *
 *   const spool = await SpoolWriter.create(spoolDir);
 *   mic.on('frame', (f) => spool.append(f));
 *   const path = await spool.close();            // kept until…
 *   await discardSpool(path);                    // …the transcript is safely stored
 *
 *   for (const s of await listOrphanedSpools(spoolDir)) {
 *     const { samples } = await recoverSpool(s.path); // then transcribe, store, discardSpool(s.path)
 *   }
 */
import { closeSync, fdatasync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AUDIO_DEFAULTS, SAMPLE_RATE } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import type { Pcm } from './pcm.ts';
import { currentBoot, sameBoot } from './boot-id.ts';
import { WAV_HEADER_BYTES as HEADER_BYTES, readWavHeader, wavHeader } from './wav-file.ts';

/** spool-<start ms>-<pid>-<boot>-<random>.wav; files from before the boot was recorded lack <boot>. */
const NAME = /^spool-(\d+)-(\d+)-(?:([0-9a-f]{32}|t\d+)-)?([0-9a-f]+)\.wav$/;
const WRITE_BATCH_SAMPLES = Math.round((AUDIO_DEFAULTS.spoolWriteBatchMs * SAMPLE_RATE) / 1000);
/**
 * File names of the spools this process created and has not discarded. A pid equal to ours proves
 * nothing (a process before a reboot may have had it), so ownership is remembered, not inferred.
 */
const ownSpools = new Set<string>();

export interface SpoolInfo {
  path: string;
  /** Recording start, ms since the epoch. */
  startedAt: number;
  pid: number;
  /** Seconds of audio in the file. */
  duration: number;
}

/**
 * Where spools live when the caller does not say (the app passes its userData folder). Not the temp
 * folder: it may be wiped on the very reboot that follows a power cut.
 */
export function defaultSpoolDir(): string {
  const override = process.env.VERBA_SPOOL_DIR;
  if (override) return override;
  if (process.platform === 'win32')
    return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Verba', 'spool');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Verba', 'spool');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'verba', 'spool');
}

/** pwrite until every byte is down: a short write (disk nearly full) is not an error by itself. */
function writeFully(fd: number, bytes: Uint8Array, position: number, progress: { written: number }): void {
  while (progress.written < bytes.length) {
    const n = writeSync(fd, bytes, progress.written, bytes.length - progress.written, position + progress.written);
    if (n <= 0) throw Object.assign(new Error('the disk accepted no bytes'), { code: 'EIO' });
    progress.written += n;
  }
}

function spoolWriteError(error: unknown, path: string, seconds: number): VerbaError {
  const code = (error as NodeJS.ErrnoException).code;
  const kept = `the ${seconds.toFixed(1)} s recorded so far are kept in ${path}`;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new VerbaError('DiskFull', `The disk is full, so Verba stopped recording; ${kept}.`, { cause: error });
  return new VerbaError(
    'SpoolWriteFailed',
    `Verba could not write the recording to disk (${code ?? String(error)}) and stopped; ${kept}.`,
    { cause: error },
  );
}

export class SpoolWriter {
  readonly path: string;
  readonly sampleRate: number;
  #fd: number;
  #batch = new Float32Array(WRITE_BATCH_SAMPLES);
  #batchLength = 0;
  #samples = 0;
  #lastSync = Date.now();
  /** The thread-pool fdatasync in flight, if any: the fd must outlive it (a closed number gets reused). */
  #syncing: Promise<void> | null = null;
  /** A failed background sync. Linux reports a write-back error once per descriptor, so it is kept for close(). */
  #syncError: unknown = null;
  #closing: Promise<string> | null = null;

  private constructor(path: string, fd: number, sampleRate: number) {
    this.path = path;
    this.#fd = fd;
    this.sampleRate = sampleRate;
  }

  /** Starts a spool in `dir` (created if missing). The file name carries start time, owner pid and boot. */
  static async create(dir: string, sampleRate: number = SAMPLE_RATE): Promise<SpoolWriter> {
    await mkdir(dir, { recursive: true });
    const name = `spool-${Date.now()}-${process.pid}-${currentBoot()}-${randomBytes(4).toString('hex')}.wav`;
    const path = join(dir, name);
    // Synchronous writes keep appends ordered without a promise queue; each is a page-cache copy of ≤6 KB.
    const fd = openSync(path, 'wx');
    try {
      writeFully(fd, wavHeader(sampleRate, 'float32', 0), 0, { written: 0 });
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      await rm(path, { force: true });
      throw spoolWriteError(error, path, 0);
    }
    ownSpools.add(name);
    return new SpoolWriter(path, fd, sampleRate);
  }

  get duration(): number {
    return (this.#samples + this.#batchLength) / this.sampleRate;
  }

  append(samples: Float32Array): void {
    if (this.#closing !== null) throw new Error('The spool is already closed.');
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(samples.length - offset, this.#batch.length - this.#batchLength);
      this.#batch.set(samples.subarray(offset, offset + take), this.#batchLength);
      this.#batchLength += take;
      offset += take;
      if (this.#batchLength === this.#batch.length) this.#writeBatch();
    }
  }

  #writeBatch(): void {
    if (this.#batchLength === 0) return;
    const bytes = new Uint8Array(this.#batch.buffer, 0, this.#batchLength * 4);
    // The spool is little-endian float32 like every platform Verba runs on.
    const progress = { written: 0 };
    try {
      writeFully(this.#fd, bytes, HEADER_BYTES + this.#samples * 4, progress);
    } catch (error) {
      // What landed counts in whole samples (the next write or close() overwrites a split one); the rest
      // of the batch (≤ spoolWriteBatchMs) is lost.
      this.#samples += Math.floor(progress.written / 4);
      this.#batchLength = 0;
      throw spoolWriteError(error, this.path, this.duration);
    }
    this.#samples += this.#batchLength;
    this.#batchLength = 0;
    if (this.#syncing === null && Date.now() - this.#lastSync >= AUDIO_DEFAULTS.spoolSyncMs) {
      this.#lastSync = Date.now();
      // Off the event loop: only durability against power loss waits on the disk, not capture.
      this.#syncing = new Promise((done) =>
        fdatasync(this.#fd, (error) => {
          this.#syncError ??= error;
          this.#syncing = null;
          done();
        }),
      );
    }
  }

  /** Writes what is buffered, fixes the header sizes and syncs. The file stays until `discardSpool`. */
  close(): Promise<string> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<string> {
    try {
      this.#writeBatch();
    } catch {
      // Disk full: the last batch (≤ spoolWriteBatchMs) is lost, but the header below rewrites bytes that
      // already exist, so it still fits and makes what is on disk a valid recording.
    }
    try {
      await this.#syncing;
      // Drop a split sample a short write left behind, so the file is exactly header + data.
      ftruncateSync(this.#fd, HEADER_BYTES + this.#samples * 4);
      writeFully(this.#fd, wavHeader(this.sampleRate, 'float32', this.#samples * 4), 0, { written: 0 });
      fsyncSync(this.#fd);
      if (this.#syncError !== null) throw this.#syncError;
    } catch (error) {
      throw spoolWriteError(error, this.path, this.duration);
    } finally {
      closeSync(this.#fd);
    }
    return this.path;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a spool may belong to a recorder that is still running. Ours only if this process made it; a
 * spool from another boot never; otherwise (this boot, or a name from before boots were recorded) while
 * its pid is alive and is not ours: ours would mean a process before us had the same pid.
 */
function ownedByLiveRecorder(name: string, pid: number, boot: string | undefined): boolean {
  if (ownSpools.has(name)) return true;
  if (boot !== undefined && sameBoot(boot, currentBoot()) === false) return false;
  return pid !== process.pid && isAlive(pid);
}

/**
 * Spools in `dir` whose recording process is gone (crashed, killed, powered off, or finished without the
 * transcript being confirmed). Spools of live recorders, including this process, are left alone.
 */
export async function listOrphanedSpools(dir: string): Promise<SpoolInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: SpoolInfo[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (ownedByLiveRecorder(name, pid, m[3])) continue;
    const path = join(dir, name);
    const size = (await stat(path)).size;
    found.push({
      path,
      startedAt: Number(m[1]),
      pid,
      duration: Math.max(0, Math.floor((size - HEADER_BYTES) / 4)) / SAMPLE_RATE,
    });
  }
  return found.sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * Makes a spool a valid WAV whatever state its header is in (a crash leaves the sizes at 0): the header
 * is rewritten from the file's length and a torn last sample is cut off.
 */
export async function repairSpool(path: string): Promise<{ sampleRate: number; samples: number }> {
  let file: FileHandle;
  try {
    file = await open(path, 'r+');
  } catch (error) {
    throw new VerbaError('SpoolMissing', `The unsaved recording ${path} can no longer be read.`, { cause: error });
  }
  try {
    // Only the header is read and rewritten: an hour-long spool is never loaded to be repaired.
    const head = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await file.read(head, 0, HEADER_BYTES, 0);
    const header = readWavHeader(head.subarray(0, bytesRead));
    if (header === null || header.format !== 'float32') {
      throw new VerbaError('SpoolCorrupt', `The unsaved recording ${path} is damaged beyond recovery (no header).`);
    }
    const count = Math.max(0, Math.floor(((await file.stat()).size - HEADER_BYTES) / 4));
    await file.write(wavHeader(header.sampleRate, 'float32', count * 4), 0, HEADER_BYTES, 0);
    await file.truncate(HEADER_BYTES + count * 4);
    return { sampleRate: header.sampleRate, samples: count };
  } finally {
    await file.close();
  }
}

/** Repairs a spool (see repairSpool) and reads its audio. */
export async function recoverSpool(path: string): Promise<Pcm> {
  const { sampleRate, samples: count } = await repairSpool(path);
  const bytes = await readFile(path);
  const samples = new Float32Array(count);
  new Uint8Array(samples.buffer).set(bytes.subarray(HEADER_BYTES, HEADER_BYTES + count * 4));
  return { samples, sampleRate };
}

/** Deletes a spool; call only once the transcript (or the user's "discard") is safely stored. */
export async function discardSpool(path: string): Promise<void> {
  const name = basename(path);
  if (!NAME.test(name)) throw new VerbaError('SpoolInvalid', `${path} is not a Verba spool file.`);
  await rm(path, { force: true });
  ownSpools.delete(name);
}
