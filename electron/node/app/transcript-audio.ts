/**
 * Serving a stored transcript's audio to the page's <audio> element, by transcript id only: the id is
 * looked up in the library, so a page can never name a file. Byte ranges are honoured (seeking in a long
 * recording reads only what is played). Electron main's verba-audio: protocol and the e2e transport's
 * /audio/<id> route both answer with this.
 *
 *   const source = libraryAudioSource(libraryDir());
 *   const reply = await audioReply(source, 12, request.headers.get('range'));
 *   // reply.status 206, reply.headers, reply.file → createReadStream(reply.file.path, reply.file)
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { TranscriptLibrary } from '../storage/transcript-library.ts';

/** The audio file of transcript `id`, or null when there is none (not kept, gone, deleted, no such id). */
export type AudioSource = (id: number) => Promise<string | null>;

const MIME_TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
  '.webm': 'audio/webm',
};

export const audioMimeType = (path: string): string =>
  MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export interface ByteRange {
  /** Inclusive, as in HTTP. */
  start: number;
  end: number;
}

/**
 * One HTTP byte range ('bytes=0-', 'bytes=100-199', 'bytes=-500') of a file of `size` bytes: null when
 * there is no usable Range header (the whole file is sent), 'unsatisfiable' when it lies past the end.
 * Several ranges are answered with the first only, as browsers' media players never ask for more.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const m = /^bytes=(\d*)-(\d*)(?:,|$)/.exec(header?.trim() ?? '');
  if (m === null || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (start >= size) return 'unsatisfiable';
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? null : { start, end };
}

export interface AudioReply {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  /** What to stream (byte range, inclusive); absent for errors. */
  file?: { path: string; start: number; end: number };
}

const notFound = (): AudioReply => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export async function audioReply(source: AudioSource, id: number | null, range?: string | null): Promise<AudioReply> {
  if (id === null) return notFound();
  const path = await source(id).catch(() => null);
  if (path === null) return notFound();
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) return notFound();
  const size = info.size;
  const common = {
    'content-type': audioMimeType(path),
    'accept-ranges': 'bytes',
    // The page is Verba's own; nothing else should read or cache a person's recording.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  const wanted = parseRange(range, size);
  if (wanted === 'unsatisfiable') return { status: 416, headers: { ...common, 'content-range': `bytes */${size}` } };
  if (wanted === null) {
    const file = size === 0 ? undefined : { path, start: 0, end: size - 1 };
    return { status: 200, headers: { ...common, 'content-length': String(size) }, ...(file ? { file } : {}) };
  }
  return {
    status: 206,
    headers: {
      ...common,
      'content-length': String(wanted.end - wanted.start + 1),
      'content-range': `bytes ${wanted.start}-${wanted.end}/${size}`,
    },
    file: { path, ...wanted },
  };
}

/**
 * An AudioSource over the library in `dir`, opened on first use (its own connection: SQLite in WAL mode
 * lets it read beside the services' one). Transcripts in the trash play no audio.
 */
export function libraryAudioSource(dir: string): AudioSource {
  let library: Promise<TranscriptLibrary> | null = null;
  return async (id) => {
    const opened = (library ??= TranscriptLibrary.open(dir).catch((error: unknown) => {
      library = null;
      throw error;
    }));
    const stored = await (await opened).get(id).catch(() => null);
    return stored === null || stored.deletedAt !== null ? null : stored.audioPath;
  };
}
