/**
 * Word n-gram language model from an ARPA file, stored compactly: word ids in Int32Arrays, log10
 * probabilities and back-offs in Float32Arrays, one open-addressing hash index per order (≈ 26 bytes
 * per trigram, no object per n-gram). Reads the file in chunks, so multi-GB ARPAs (LibriSpeech 4-gram)
 * load without one giant string.
 *
 *   const lm = loadArpa('/path/3-gram.arpa');
 *   const ctx = [lm.wordId('the')];
 *   lm.log10Prob(ctx, lm.wordId('cat')); // Katz back-off
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { VerbaError } from '../../common/result.ts';

const CHUNK_BYTES = 1 << 24;

/** Lines of a byte source, decoded as UTF-8 one line at a time. */
function* lines(read: (buf: Buffer) => number, chunkBytes: number): Generator<string> {
  let buf = Buffer.alloc(chunkBytes);
  let start = 0;
  let end = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl >= 0 && nl < end) {
      yield buf.toString('utf8', start, nl);
      start = nl + 1;
      continue;
    }
    // Keep the partial line, refill behind it (growing the buffer for a line longer than a chunk).
    if (start > 0) {
      buf.copy(buf, 0, start, end);
      end -= start;
      start = 0;
    } else if (end === buf.length) {
      const bigger = Buffer.alloc(buf.length * 2);
      buf.copy(bigger, 0, 0, end);
      buf = bigger;
    }
    const n = read(buf.subarray(end));
    if (n === 0) {
      if (end > start) yield buf.toString('utf8', start, end);
      return;
    }
    end += n;
  }
}

/** Mixes a sequence of word ids into a 32-bit hash (FNV-style step with a murmur finaliser). */
function hashIds(ids: ArrayLike<number>, offset: number, n: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ ids[offset + k]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** n-grams of one order: ids flat (n per entry), log10 probability, log10 back-off, hash slots (entry+1). */
interface OrderTable {
  n: number;
  count: number;
  ids: Int32Array;
  prob: Float32Array;
  backoff: Float32Array;
  slots: Int32Array;
}

function newTable(n: number, count: number): OrderTable {
  let size = 1;
  while (size < count * 2) size <<= 1;
  return { n, count: 0, ids: new Int32Array(count * n), prob: new Float32Array(count), backoff: new Float32Array(count), slots: new Int32Array(size) };
}

function findSlot(t: OrderTable, ids: ArrayLike<number>, offset: number): number {
  const mask = t.slots.length - 1;
  for (let s = hashIds(ids, offset, t.n) & mask; ; s = (s + 1) & mask) {
    const e = t.slots[s]! - 1;
    if (e < 0) return s;
    let same = true;
    for (let k = 0; same && k < t.n; k++) same = t.ids[e * t.n + k] === ids[offset + k];
    if (same) return s;
  }
}

export class ArpaLm {
  readonly order: number;
  readonly #words: Map<string, number>;
  readonly #tables: OrderTable[];
  /** Id of <unk>, or -1 when the model has none. */
  readonly unkId: number;
  readonly #query = new Int32Array(16);

  private constructor(words: Map<string, number>, tables: OrderTable[]) {
    this.#words = words;
    this.#tables = tables;
    this.order = tables.length;
    this.unkId = words.get('<unk>') ?? -1;
  }

  /** Parses ARPA text from a byte reader; `name` and line numbers go into error messages. */
  static parse(read: (buf: Buffer) => number, name: string, chunkBytes = CHUNK_BYTES): ArpaLm {
    const fail = (line: number, why: string): never => {
      throw new VerbaError('InvalidLanguageModel', `Line ${line} of ${name} is not valid ARPA: ${why}.`);
    };
    const counts: number[] = [];
    const words = new Map<string, number>();
    const tables: OrderTable[] = [];
    let section: 'before' | 'data' | number | 'end' = 'before';
    let lineNo = 0;
    const ids = new Int32Array(16);
    const fields: string[] = [];
    for (const raw of lines(read, chunkBytes)) {
      lineNo++;
      if (typeof section === 'number') {
        // The hot path (millions of lines): split on blanks by hand, no regex, no trim.
        fields.length = 0;
        for (let pos = 0; pos < raw.length; ) {
          while (pos < raw.length && (raw.charCodeAt(pos) === 32 || raw.charCodeAt(pos) === 9 || raw.charCodeAt(pos) === 13)) pos++;
          const start = pos;
          while (pos < raw.length && raw.charCodeAt(pos) !== 32 && raw.charCodeAt(pos) !== 9 && raw.charCodeAt(pos) !== 13) pos++;
          if (pos > start) fields.push(raw.slice(start, pos));
        }
        if (fields.length === 0) continue;
        if (fields[0]!.charCodeAt(0) !== 92 /* a backslash: the next section or \end\ */) {
          const problem = ArpaLm.#entry(section, fields, tables[section - 1]!, counts[section - 1]!, words, ids);
          if (problem !== null) fail(lineNo, problem);
          continue;
        }
      }
      const line = raw.trim();
      if (section === 'end') break;
      if (line === '') continue;
      if (section === 'before') {
        if (line === '\\data\\') section = 'data';
        continue;
      }
      const header = /^\\(\d+)-grams:$/.exec(line);
      if (line === '\\end\\' || header) {
        if (typeof section === 'number' && tables[section - 1]!.count !== counts[section - 1]) {
          fail(lineNo, `the ${section}-grams section has ${tables[section - 1]!.count} entries but the header declares ${counts[section - 1]}`);
        }
        if (line === '\\end\\') {
          if (section !== counts.length) fail(lineNo, `\\end\\ comes before the ${typeof section === 'number' ? section + 1 : 1}-grams section`);
          section = 'end';
          continue;
        }
        const n = Number(header![1]);
        const expected: number = typeof section === 'number' ? section + 1 : 1;
        if (counts.length === 0) fail(lineNo, 'the \\data\\ header declares no n-gram counts');
        if (n !== expected || n > counts.length) fail(lineNo, `expected the \\${expected}-grams: section here`);
        tables.push(newTable(n, counts[n - 1]!));
        section = n;
        continue;
      }
      if (section === 'data') {
        const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line);
        if (!m || Number(m[1]) !== counts.length + 1) fail(lineNo, `expected "ngram ${counts.length + 1}=<count>"`);
        if (counts.length >= ids.length) fail(lineNo, `orders above ${ids.length} are not supported`);
        counts.push(Number(m![2]));
        continue;
      }
      fail(lineNo, `"${line.slice(0, 40)}" is not a section header`);
    }
    if (section !== 'end') fail(lineNo, section === 'before' ? 'there is no \\data\\ header' : 'the file ends before \\end\\');
    return new ArpaLm(words, tables);
  }

  /** Stores one n-gram line, already split into fields; returns what is wrong with it, or null. */
  static #entry(n: number, fields: readonly string[], t: OrderTable, declared: number, words: Map<string, number>, ids: Int32Array): string | null {
    if (fields.length !== n + 1 && fields.length !== n + 2) return `a ${n}-gram needs a log10 probability, ${n} word${n > 1 ? 's' : ''} and an optional back-off`;
    const prob = Number(fields[0]);
    const backoff = fields.length === n + 2 ? Number(fields[n + 1]) : 0;
    if (!Number.isFinite(prob) && fields[0] !== '-inf') return `"${fields[0]}" is not a number`;
    if (!Number.isFinite(backoff)) return `"${fields[n + 1]}" is not a number`;
    if (t.count >= declared) return `the ${n}-grams section has more entries than the ${declared} the header declares`;
    for (let k = 0; k < n; k++) {
      const w = fields[k + 1]!;
      let id = words.get(w);
      if (id === undefined) {
        if (n > 1) return `the word "${w}" has no 1-gram`;
        id = words.size;
        words.set(w, id);
      }
      ids[k] = id;
    }
    const slot = findSlot(t, ids, 0);
    let e = t.slots[slot]! - 1;
    if (e < 0) {
      e = t.count++;
      t.ids.set(ids.subarray(0, n), e * n);
      t.slots[slot] = e + 1;
    }
    t.prob[e] = Number.isFinite(prob) ? prob : -99;
    t.backoff[e] = backoff;
    return null;
  }

  /** Number of distinct words (1-grams). */
  get vocabularySize(): number {
    return this.#words.size;
  }

  /** Every word with its id (for spelling tries). */
  words(): IterableIterator<[string, number]> {
    return this.#words.entries();
  }

  /** Id of a word as written in the ARPA (LibriSpeech LMs are upper-case), or -1. */
  wordId(word: string): number {
    return this.#words.get(word) ?? -1;
  }

  /**
   * log10 P(word | context) with Katz back-off. `context` holds the preceding word ids, oldest first;
   * only the last order-1 are used; -1 ids (unknown words) cut the context there.
   */
  log10Prob(context: ArrayLike<number>, word: number): number {
    if (word < 0) return Number.NaN;
    const q = this.#query;
    let k = Math.min(context.length, this.order - 1);
    for (let j = 0; j < k; j++) if (context[context.length - 1 - j]! < 0) k = j;
    let backoff = 0;
    for (; k >= 0; k--) {
      for (let j = 0; j < k; j++) q[j] = context[context.length - k + j]!;
      q[k] = word;
      const t = this.#tables[k]!;
      const e = t.slots[findSlot(t, q, 0)]! - 1;
      if (e >= 0) return backoff + t.prob[e]!;
      if (k > 0) {
        const h = this.#tables[k - 1]!;
        const b = h.slots[findSlot(h, q, 0)]! - 1;
        if (b >= 0) backoff += h.backoff[b]!;
      }
    }
    return Number.NaN;
  }
}

export function parseArpaText(text: string, name = 'the language model'): ArpaLm {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  return ArpaLm.parse((buf) => {
    const n = bytes.copy(buf, 0, at);
    at += n;
    return n;
  }, name, Math.min(CHUNK_BYTES, bytes.length + 1));
}

export function loadArpa(path: string): ArpaLm {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new VerbaError('LanguageModelNotFound', `Cannot open the language model ${path}.`, { cause: error });
  }
  try {
    return ArpaLm.parse((buf) => readSync(fd, buf), basename(path));
  } finally {
    closeSync(fd);
  }
}
