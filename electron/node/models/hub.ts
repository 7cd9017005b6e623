/**
 * Hugging Face hub downloads of a checkpoint (config.json, vocab.json, weights): resolve URLs, the
 * LFS sha256 from the tree listing or the response headers, streamed download with progress, hash
 * check, atomic rename into place. Kept small: the hub is optional (offline use works from a local
 * checkpoint).
 *
 *   await downloadCheckpoint('asapp/sew-d-tiny-100k-ft-ls100h', 'main', '/cache/hub/x', { progress });
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { VerbaError } from '../../common/result.ts';

export const DEFAULT_MODEL_ID = 'asapp/sew-d-tiny-100k-ft-ls100h';
export const DEFAULT_REVISION = 'main';
export const HUB_ENDPOINT = 'https://huggingface.co';
/** Weights in order of preference: safetensors needs no unpickling. */
export const WEIGHT_FILES = ['model.safetensors', 'pytorch_model.bin'] as const;

/** `owner/name`, as hub ids are written; a path that exists on disk wins over this reading. */
export const isHubId = (spec: string): boolean => /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(spec) && !spec.includes('..');

export const resolveUrl = (id: string, revision: string, file: string, endpoint = HUB_ENDPOINT): string =>
  `${endpoint}/${id}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;

export const treeUrl = (id: string, revision: string, endpoint = HUB_ENDPOINT): string => `${endpoint}/api/models/${id}/tree/${encodeURIComponent(revision)}`;

/** The sha256 of an LFS file from a resolve response: `x-linked-etag` (before the CDN redirect) or `etag`. */
export function lfsSha256FromHeaders(get: (name: string) => string | null): string | null {
  for (const name of ['x-linked-etag', 'etag']) {
    const value = get(name)?.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
    if (value !== undefined && /^[0-9a-f]{64}$/.test(value)) return value;
  }
  return null;
}

export interface HubFile {
  path: string;
  size: number;
  /** sha256 of the content for LFS files; null for small files stored in git. */
  sha256: string | null;
}

/** Parses api/models/<id>/tree/<rev>: [{ type, path, size, oid, lfs?: { oid, size } }]. */
export function parseTreeListing(json: unknown): HubFile[] {
  if (!Array.isArray(json)) throw new VerbaError('HubResponse', 'The hub returned an unexpected file listing.');
  return json.flatMap((entry: unknown) => {
    const e = entry as { type?: unknown; path?: unknown; size?: unknown; lfs?: { oid?: unknown; size?: unknown } };
    if (e.type !== 'file' || typeof e.path !== 'string') return [];
    const oid = typeof e.lfs?.oid === 'string' ? e.lfs.oid.replace(/^sha256:/, '').toLowerCase() : null;
    const size = typeof e.lfs?.size === 'number' ? e.lfs.size : typeof e.size === 'number' ? e.size : 0;
    return [{ path: e.path, size, sha256: oid !== null && /^[0-9a-f]{64}$/.test(oid) ? oid : null }];
  });
}

/** The files of a checkpoint to fetch, or a clear error when the repository has no weights Verba reads. */
export function pickCheckpointFiles(id: string, files: readonly HubFile[]): HubFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const weights = WEIGHT_FILES.map((w) => byPath.get(w)).find((f) => f !== undefined);
  const config = byPath.get('config.json');
  if (config === undefined || weights === undefined) {
    throw new VerbaError('HubModelUnsupported', `${id} has no config.json with model.safetensors or pytorch_model.bin, so it is not a checkpoint Verba can convert.`);
  }
  return [config, ...(byPath.has('vocab.json') ? [byPath.get('vocab.json')!] : []), weights];
}

export const offlineError = (id: string, reason: string) =>
  new VerbaError(
    'HubUnreachable',
    `Could not download ${id} from the Hugging Face hub (${reason}); to work offline, convert a local checkpoint with \`verba convert <checkpoint-dir> --out <dir>\` and use that folder as the model (--model).`,
  );

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Hosts a hub download may reach: the hub and the CDNs its resolve URLs redirect to. */
const HUB_HOSTS = /^(?:[\w-]+\.)*(?:huggingface\.co|hf\.co)$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why Verba will not fetch `url`, or null when it may: https to the hub (or a mirror named by
 * HF_ENDPOINT, also https), never plain http except to this machine (a local mirror, the tests).
 */
export function downloadUrlProblem(url: string, endpoint = HUB_ENDPOINT): string | null {
  let parsed: URL;
  let allowed: URL;
  try {
    parsed = new URL(url);
    allowed = new URL(endpoint);
  } catch {
    return `${url} is not a URL`;
  }
  if (parsed.username !== '' || parsed.password !== '') return 'it carries a user name or password';
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname) && parsed.host === allowed.host) return null;
  if (parsed.protocol !== 'https:') return `${parsed.protocol.replace(':', '')} is not https`;
  if (parsed.host === allowed.host || HUB_HOSTS.test(parsed.hostname)) return null;
  return `${parsed.hostname} is not the Hugging Face hub`;
}

async function get(id: string, url: string, fetchImpl: Fetch, endpoint = HUB_ENDPOINT): Promise<Response> {
  const refused = downloadUrlProblem(url, endpoint);
  if (refused !== null) throw new VerbaError('HubRefused', `Verba will not download ${id} from ${url}: ${refused}.`);
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { 'user-agent': 'verba' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw offlineError(id, `network error ${cause ?? (error instanceof Error ? error.message : String(error))}`);
  }
  if (response.status === 401 || response.status === 404) throw new VerbaError('HubNotFound', `The Hugging Face hub has no public model ${id} (HTTP ${response.status}).`);
  if (!response.ok) throw offlineError(id, `HTTP ${response.status}`);
  // Redirects (to the LFS CDN) are followed by fetch; where they ended must pass the same policy.
  const landed = response.url === '' ? null : downloadUrlProblem(response.url, endpoint);
  if (landed !== null) {
    await response.body?.cancel();
    throw new VerbaError('HubRefused', `Verba stopped downloading ${id}: the hub redirected to ${response.url}, and ${landed}.`);
  }
  return response;
}

/** One sentence for a file that could not be saved (full disk, unwritable folder). */
export const writeError = (id: string, path: string, error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : code !== undefined ? `${code}` : error instanceof Error ? error.message : String(error);
  return new VerbaError(
    'HubWriteFailed',
    `Could not save ${id} to ${path} (${reason}); free some disk space or set VERBA_CACHE_DIR to a writable folder, then try again.`,
    { cause: error },
  );
};

/** The network side of a failed body stream: undici's bare `TypeError: terminated` carries the socket error as its cause. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return `the connection was lost mid-download: ${detail}`;
}

/**
 * Streams one file to `<dest>.partial` through a hashing transform (pipeline: an error on either side
 * ends both and is reported once), then renames it into place. On any failure the partial file is
 * removed and the error is one VerbaError sentence.
 */
async function downloadFile(id: string, url: string, file: HubFile, dest: string, fetchImpl: Fetch, progress: (done: number, total: number) => void, endpoint: string) {
  const response = await get(id, url, fetchImpl, endpoint);
  if (response.body === null) throw offlineError(id, 'empty response');
  const expected = file.sha256 ?? lfsSha256FromHeaders((n) => response.headers.get(n));
  // Weights are what runs: without the hub's sha256 nothing proves they are the published ones.
  if (expected === null && (WEIGHT_FILES as readonly string[]).includes(file.path)) {
    await response.body.cancel();
    throw new VerbaError('HubChecksum', `The hub gave no sha256 for ${file.path} of ${id}, so Verba did not download it.`);
  }
  const total = Number(response.headers.get('content-length') ?? file.size) || file.size;
  const hash = createHash('sha256');
  const partial = `${dest}.partial`;
  let done = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      done += chunk.length;
      progress(done, total);
      callback(null, chunk);
    },
  });
  try {
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), hashing, createWriteStream(partial));
    } catch (error) {
      // fs errors carry the failed syscall (open, write, close); undici's body errors do not.
      const fsError = typeof (error as NodeJS.ErrnoException).syscall === 'string';
      throw fsError ? writeError(id, partial, error) : offlineError(id, networkReason(error));
    }
    const actual = hash.digest('hex');
    if (expected !== null && actual !== expected) {
      throw new VerbaError('HubChecksum', `${file.path} of ${id} does not match the hub's sha256 (got ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…); try again.`);
    }
    await rename(partial, dest).catch((error: unknown) => {
      throw writeError(id, dest, error);
    });
  } catch (error) {
    // Best effort: a partial path we cannot remove (say, a directory in the way) must not hide the cause.
    await rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Downloads config.json, vocab.json and the weights of `id` into `dir` (created); returns `dir`. */
export async function downloadCheckpoint(
  id: string,
  revision: string,
  dir: string,
  options: { fetch?: Fetch; endpoint?: string; progress?: (file: string, done: number, total: number) => void } = {},
): Promise<string> {
  const fetchImpl = options.fetch ?? fetch;
  const endpoint = options.endpoint ?? process.env.HF_ENDPOINT ?? HUB_ENDPOINT;
  const listing = parseTreeListing(await (await get(id, treeUrl(id, revision, endpoint), fetchImpl, endpoint)).json());
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw writeError(id, dir, error);
  });
  for (const file of pickCheckpointFiles(id, listing)) {
    await downloadFile(id, resolveUrl(id, revision, file.path, endpoint), file, join(dir, file.path), fetchImpl, (d, t) => options.progress?.(file.path, d, t), endpoint);
  }
  return dir;
}
