/**
 * Resumable, verified checkpoint downloads for the model manager. Each file streams into
 * `<dir>.download/<file>.partial`; a later call (after a cut, a cancel or a restart) asks only for
 * the missing bytes (HTTP Range) and hashes what is already on disk first, so the sha256 from the
 * hub's LFS metadata is checked over the whole file. A complete folder is renamed into place at
 * once. Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (undici's EnvHttpProxyAgent).
 *
 *   const controller = new AbortController();
 *   await downloadModel('asapp/sew-d-tiny-100k-ft-ls100h', 'main', '/cache/hub/x/checkpoint', {
 *     signal: controller.signal,
 *     onProgress: (p) => bar.set(p.bytesDone / p.bytesTotal, p.bytesPerSecond, p.etaSeconds),
 *   });
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { VerbaError } from '../../common/result.ts';
import { DOWNLOAD_DEFAULTS } from '../../common/defaults.ts';
import {
  HUB_ENDPOINT,
  type HubFile,
  lfsSha256FromHeaders,
  parseTreeListing,
  pickCheckpointFiles,
  resolveUrl,
  treeUrl,
  writeError,
} from './hub.ts';

export interface DownloadProgress {
  id: string;
  file: string;
  /** All files of the model together. */
  bytesDone: number;
  bytesTotal: number;
  /** Over the last DOWNLOAD_DEFAULTS.speedWindowMs; 0 until the first window has data. */
  bytesPerSecond: number;
  /** Seconds left at the current speed; null while the speed is unknown. */
  etaSeconds: number | null;
}

export interface DownloadOptions {
  endpoint?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Proxy variables are read from here (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** One sentence for "no network": what happened and what to do instead. */
export const offlineMessage = (id: string, detail: string) =>
  `Verba could not reach the Hugging Face hub to download ${id} (${detail}), so this computer seems to be offline; connect and try again, or download the model's folder elsewhere and import it (Import folder, or \`--model <folder>\` on the command line).`;

export function proxyDispatcher(env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  if (!httpProxy && !httpsProxy) return new Agent();
  const noProxy = env.NO_PROXY ?? env.no_proxy;
  return new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy !== undefined ? { noProxy } : {}),
  });
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  return typeof e.cause?.code === 'string' ? e.cause.code : typeof e.code === 'string' ? e.code : undefined;
}

function cancelled(id: string): VerbaError {
  return new VerbaError('DownloadCancelled', `The download of ${id} was cancelled; it continues where it stopped when you start it again.`);
}

async function request(id: string, url: string, dispatcher: Dispatcher, signal: AbortSignal | undefined, headers: Record<string, string> = {}) {
  try {
    const response = await undiciFetch(url, { headers: { 'user-agent': 'verba', ...headers }, dispatcher, ...(signal ? { signal } : {}) });
    if (response.status === 401 || response.status === 404)
      throw new VerbaError('HubNotFound', `The Hugging Face hub has no public model ${id} at this revision (HTTP ${response.status}).`);
    if (!response.ok && response.status !== 416)
      throw new VerbaError('HubUnreachable', `The Hugging Face hub answered HTTP ${response.status} for ${id}; try again later.`);
    return response;
  } catch (error) {
    if (error instanceof VerbaError) throw error;
    if (signal?.aborted) throw cancelled(id);
    const code = errorCode(error);
    const detail = code ?? (error instanceof Error ? error.message : String(error));
    if (code !== undefined && NETWORK_CODES.has(code))
      throw new VerbaError('HubUnreachable', offlineMessage(id, detail), { cause: error });
    throw new VerbaError('HubUnreachable', `The download of ${id} failed (${detail}); try again.`, { cause: error });
  }
}

/** Re-hashes the bytes already on disk, so the final sha256 covers the whole file after a resume. */
async function hashExisting(path: string, hash: Hash): Promise<number> {
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).byteLength;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return bytes;
}

class ProgressMeter {
  private readonly samples: { t: number; bytes: number }[] = [];
  private lastEmit = 0;
  done = 0;
  private readonly id: string;
  private readonly total: number;
  private readonly emit: ((p: DownloadProgress) => void) | undefined;
  constructor(id: string, total: number, emit: ((p: DownloadProgress) => void) | undefined) {
    this.id = id;
    this.total = total;
    this.emit = emit;
  }
  add(file: string, bytes: number, force = false) {
    this.done += bytes;
    const now = performance.now();
    this.samples.push({ t: now, bytes: this.done });
    while (this.samples.length > 2 && now - this.samples[0]!.t > DOWNLOAD_DEFAULTS.speedWindowMs) this.samples.shift();
    if (!force && now - this.lastEmit < DOWNLOAD_DEFAULTS.progressIntervalMs) return;
    this.lastEmit = now;
    const first = this.samples[0]!;
    const seconds = (now - first.t) / 1000;
    const speed = seconds > 0 ? (this.done - first.bytes) / seconds : 0;
    this.emit?.({
      id: this.id,
      file,
      bytesDone: this.done,
      bytesTotal: this.total,
      bytesPerSecond: Math.round(speed),
      etaSeconds: speed > 0 ? Math.ceil((this.total - this.done) / speed) : null,
    });
  }
}

async function downloadFile(id: string, url: string, file: HubFile, partial: string, dispatcher: Dispatcher, meter: ProgressMeter, signal: AbortSignal | undefined) {
  const hash = createHash('sha256');
  const have = await hashExisting(partial, hash);
  if (have > 0) meter.add(file.path, have, true);
  const response = await request(id, url, dispatcher, signal, have > 0 ? { range: `bytes=${have}-` } : {});
  const expected = file.sha256 ?? lfsSha256FromHeaders((n) => response.headers.get(n));
  if (response.status === 416) {
    await response.body?.cancel();
  } else {
    if (have > 0 && response.status !== 206) {
      // The server ignored the Range: start this file over.
      meter.add(file.path, -have, true);
      await response.body?.cancel();
      await rm(partial, { force: true });
      return downloadFile(id, url, file, partial, dispatcher, meter, signal);
    }
    if (response.body === null) throw new VerbaError('HubUnreachable', `The hub sent an empty answer for ${file.path} of ${id}; try again.`);
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        meter.add(file.path, chunk.length);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), hashing, createWriteStream(partial, { flags: have > 0 ? 'a' : 'w' }));
    } catch (error) {
      if (signal?.aborted) throw cancelled(id);
      if (typeof (error as NodeJS.ErrnoException).syscall === 'string') throw writeError(id, partial, error);
      throw new VerbaError('HubUnreachable', `The connection was lost while downloading ${file.path} of ${id}; start the download again to continue where it stopped.`, { cause: error });
    }
  }
  const actual = hash.digest('hex');
  if (expected !== null && actual !== expected) {
    await rm(partial, { force: true });
    throw new VerbaError('HubChecksum', `${file.path} of ${id} arrived damaged (its sha256 does not match the hub's), so it was deleted; start the download again.`);
  }
  meter.add(file.path, 0, true);
}

/**
 * Downloads config.json, vocab.json and the weights of `id` at `revision` into `dest` (which must not
 * exist yet). Safe to call again after any failure: finished files are kept, partial ones resume.
 */
export async function downloadModel(id: string, revision: string, dest: string, options: DownloadOptions = {}): Promise<string> {
  const endpoint = options.endpoint ?? (options.env ?? process.env).HF_ENDPOINT ?? HUB_ENDPOINT;
  const dispatcher = proxyDispatcher(options.env);
  const staging = `${dest}.download`;
  try {
    const listing = await request(id, treeUrl(id, revision, endpoint), dispatcher, options.signal);
    const files = pickCheckpointFiles(id, parseTreeListing(await listing.json()));
    const meter = new ProgressMeter(id, files.reduce((s, f) => s + f.size, 0), options.onProgress);
    await mkdir(staging, { recursive: true }).catch((error: unknown) => {
      throw writeError(id, staging, error);
    });
    for (const file of files) {
      const target = join(staging, file.path);
      const done = await stat(target).then((s) => s.size === file.size, () => false);
      if (done) {
        meter.add(file.path, file.size, true);
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await downloadFile(id, resolveUrl(id, revision, file.path, endpoint), file, `${target}.partial`, dispatcher, meter, options.signal);
      await rename(`${target}.partial`, target).catch((error: unknown) => {
        throw writeError(id, target, error);
      });
    }
    await mkdir(dirname(dest), { recursive: true });
    await rename(staging, dest).catch((error: unknown) => {
      throw writeError(id, dest, error);
    });
    return dest;
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/** Throws away what a download left (after the user chose "Delete" on a half-downloaded model). */
export const discardDownload = (dest: string) => rm(`${dest}.download`, { recursive: true, force: true });
