/**
 * ARPA text → word ids and n-gram tables, straight from bytes: lines are never decoded to strings
 * except headers and 1-gram words, and words of higher orders are found by their UTF-8 bytes in a
 * hash of the 1-gram spellings (no string, no Map lookup per word). Malformed input → VerbaError
 * naming the line.
 *
 *   const { words, tables } = parseArpa((buf) => readSync(fd, buf), 'lm.arpa');
 */
import { VerbaError } from '../../common/result.ts';
import type { OrderTable } from './ngram-table.ts';
import { newTable, storeEntry } from './ngram-table.ts';

export const CHUNK_BYTES = 1 << 24;
const MAX_ORDER = 16;

/** Calls onLine(buf, start, end) for every line (end excludes the \n), reading in chunks. */
function forEachLine(
  read: (buf: Buffer) => number,
  chunkBytes: number,
  onLine: (buf: Buffer, start: number, end: number) => boolean,
): void {
  let buf = Buffer.alloc(chunkBytes);
  let start = 0;
  let end = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl >= 0 && nl < end) {
      if (!onLine(buf, start, nl)) return;
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
      if (end > start) onLine(buf, start, end);
      return;
    }
    end += n;
  }
}

/** 1-gram spellings by their bytes: FNV-1a hash, open addressing over ids, a byte pool to compare. */
class SpellingIndex {
  #pool = new Uint8Array(1 << 16);
  #used = 0;
  #offset: Int32Array;
  #length: Int32Array;
  readonly #slots: Int32Array;
  readonly #mask: number;

  constructor(words: number) {
    let size = 1;
    while (size < words * 2) size <<= 1;
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
    this.#offset = new Int32Array(words);
    this.#length = new Int32Array(words);
  }

  #slot(buf: Buffer, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    for (let slot = (h >>> 0) & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const id = this.#slots[slot]! - 1;
      if (id < 0 || this.#same(id, buf, s, e)) return slot;
    }
  }

  #same(id: number, buf: Buffer, s: number, e: number): boolean {
    if (this.#length[id] !== e - s) return false;
    const o = this.#offset[id]!;
    for (let i = 0; i < e - s; i++) if (this.#pool[o + i] !== buf[s + i]) return false;
    return true;
  }

  find(buf: Buffer, s: number, e: number): number {
    return this.#slots[this.#slot(buf, s, e)]! - 1;
  }

  add(buf: Buffer, s: number, e: number, id: number): void {
    if (this.#used + (e - s) > this.#pool.length) {
      const bigger = new Uint8Array(Math.max(this.#pool.length * 2, this.#used + (e - s)));
      bigger.set(this.#pool.subarray(0, this.#used));
      this.#pool = bigger;
    }
    if (id >= this.#offset.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(id + 1, a.length * 2));
        b.set(a);
        return b;
      };
      this.#offset = grow(this.#offset);
      this.#length = grow(this.#length);
    }
    this.#pool.set(buf.subarray(s, e), this.#used);
    this.#offset[id] = this.#used;
    this.#length[id] = e - s;
    this.#used += e - s;
    this.#slots[this.#slot(buf, s, e)] = id + 1;
  }
}

const isBlank = (b: number) => b === 32 || b === 9 || b === 13;

export function parseArpa(
  read: (buf: Buffer) => number,
  name: string,
  chunkBytes = CHUNK_BYTES,
): { words: Map<string, number>; tables: OrderTable[] } {
  let lineNo = 0;
  const fail = (why: string): never => {
    throw new VerbaError('InvalidLanguageModel', `Line ${lineNo} of ${name} is not valid ARPA: ${why}.`);
  };
  const counts: number[] = [];
  const words = new Map<string, number>();
  const tables: OrderTable[] = [];
  let spellings: SpellingIndex | null = null;
  let section: 'before' | 'data' | number | 'end' = 'before';
  const ids = new Int32Array(MAX_ORDER);
  const starts = new Int32Array(MAX_ORDER + 3);
  const ends = new Int32Array(MAX_ORDER + 3);

  /** One n-gram line split into fields [starts[k], ends[k]): probability, n words, optional back-off. */
  const entry = (n: number, buf: Buffer, fields: number) => {
    const t = tables[n - 1]!;
    const text = (k: number) => buf.toString('utf8', starts[k]!, ends[k]!);
    if (fields !== n + 1 && fields !== n + 2)
      fail(`a ${n}-gram needs a log10 probability, ${n} word${n > 1 ? 's' : ''} and an optional back-off`);
    const prob = Number(buf.toString('latin1', starts[0]!, ends[0]!));
    const backoff = fields === n + 2 ? Number(buf.toString('latin1', starts[n + 1]!, ends[n + 1]!)) : 0;
    if (!Number.isFinite(prob) && text(0) !== '-inf') fail(`"${text(0)}" is not a number`);
    if (!Number.isFinite(backoff)) fail(`"${text(n + 1)}" is not a number`);
    if (t.count >= counts[n - 1]!)
      fail(`the ${n}-grams section has more entries than the ${counts[n - 1]} the header declares`);
    for (let k = 0; k < n; k++) {
      let id = spellings!.find(buf, starts[k + 1]!, ends[k + 1]!);
      if (id < 0) {
        if (n > 1) fail(`the word "${text(k + 1)}" has no 1-gram`);
        id = words.size;
        words.set(text(k + 1), id);
        spellings!.add(buf, starts[k + 1]!, ends[k + 1]!, id);
      }
      ids[k] = id;
    }
    storeEntry(t, ids, Number.isFinite(prob) ? prob : -99, backoff);
  };

  const header = (line: string) => {
    if (section === 'before') {
      if (line === '\\data\\') section = 'data';
      return;
    }
    const order = /^\\(\d+)-grams:$/.exec(line);
    if (line === '\\end\\' || order) {
      if (typeof section === 'number' && tables[section - 1]!.count !== counts[section - 1]) {
        fail(
          `the ${section}-grams section has ${tables[section - 1]!.count} entries but the header declares ${counts[section - 1]}`,
        );
      }
      if (line === '\\end\\') {
        if (section !== counts.length)
          fail(`\\end\\ comes before the ${typeof section === 'number' ? section + 1 : 1}-grams section`);
        section = 'end';
        return;
      }
      const n = Number(order![1]);
      const expected: number = typeof section === 'number' ? section + 1 : 1;
      if (counts.length === 0) fail('the \\data\\ header declares no n-gram counts');
      if (n !== expected || n > counts.length) fail(`expected the \\${expected}-grams: section here`);
      tables.push(newTable(n, counts[n - 1]!));
      if (n === 1) spellings = new SpellingIndex(counts[0]!);
      section = n;
      return;
    }
    if (section === 'data') {
      const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line);
      if (!m || Number(m[1]) !== counts.length + 1) fail(`expected "ngram ${counts.length + 1}=<count>"`);
      if (counts.length >= MAX_ORDER) fail(`orders above ${MAX_ORDER} are not supported`);
      counts.push(Number(m![2]));
      return;
    }
    fail(`"${line.slice(0, 40)}" is not a section header`);
  };

  forEachLine(read, chunkBytes, (buf, s, e) => {
    lineNo++;
    if (typeof section === 'number') {
      // The hot path (millions of lines): split on blanks in the bytes.
      let fields = 0;
      for (let i = s; i < e;) {
        while (i < e && isBlank(buf[i]!)) i++;
        if (i === e) break;
        if (fields === starts.length) fail(`a ${section}-gram has too many fields`);
        starts[fields] = i;
        while (i < e && !isBlank(buf[i]!)) i++;
        ends[fields++] = i;
      }
      if (fields === 0) return true;
      if (buf[starts[0]!] !== 92 /* a backslash: the next section or \end\ */) {
        entry(section, buf, fields);
        return true;
      }
    }
    const line = buf.toString('utf8', s, e).trim();
    if (line !== '') header(line);
    return section !== 'end';
  });
  // (Read through a cast: TypeScript does not see the callbacks above move `section` on.)
  const last = section as typeof section | 'end';
  if (last !== 'end') fail(last === 'before' ? 'there is no \\data\\ header' : 'the file ends before \\end\\');
  return { words, tables };
}
