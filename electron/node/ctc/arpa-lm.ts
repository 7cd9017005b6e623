/**
 * Word n-gram language model from an ARPA file, stored compactly: word ids in Int32Arrays, log10
 * probabilities and back-offs in Float32Arrays, one open-addressing hash index per order (≈ 26 bytes
 * per trigram, no object per n-gram). The file is read in chunks and parsed from bytes (arpa-parser.ts),
 * so multi-GB ARPAs load without one giant string.
 *
 *   const lm = loadArpa('/path/3-gram.arpa');
 *   const ctx = [lm.wordId('the')];
 *   lm.log10Prob(ctx, lm.wordId('cat')); // Katz back-off
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { CHUNK_BYTES, parseArpa } from './arpa-parser.ts';
import type { OrderTable } from './ngram-table.ts';
import { findSlot } from './ngram-table.ts';

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
    const { words, tables } = parseArpa(read, name, chunkBytes);
    return new ArpaLm(words, tables);
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
  return ArpaLm.parse(
    (buf) => {
      const n = bytes.copy(buf, 0, at);
      at += n;
      return n;
    },
    name,
    Math.min(CHUNK_BYTES, bytes.length + 1),
  );
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
