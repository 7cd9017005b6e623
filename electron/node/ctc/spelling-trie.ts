/**
 * The LM's words spelled in the model's tokens, as a trie in typed arrays (an open-addressing table of
 * (node, token) → child): the beam search follows it letter by letter, so it knows at once when a
 * partial word can no longer become an LM word, and the word id at the delimiter without building
 * strings. About 12 bytes per letter node (≈ 1.2 M nodes, 14 MiB for a 200k-word LibriSpeech LM).
 *
 *   const trie = SpellingTrie.fromLm(lm, vocab);
 *   let node = 0; node = trie.next(node, tokenIdOf('T')); // -1: no LM word starts like this
 *   trie.wordId(node); // the LM id of the word spelled so far, or -1
 */
import type { ArpaLm } from './arpa-lm.ts';
import type { Vocabulary } from './types.ts';

export class SpellingTrie {
  readonly #keys: Int32Array;
  readonly #children: Int32Array;
  readonly #mask: number;
  readonly #wordIds: Int32Array;
  readonly #vocabSize: number;
  #size = 1;

  private constructor(maxNodes: number, vocabSize: number) {
    let slots = 1;
    while (slots < maxNodes * 2) slots <<= 1;
    this.#keys = new Int32Array(slots).fill(-1);
    this.#children = new Int32Array(slots);
    this.#mask = slots - 1;
    this.#wordIds = new Int32Array(maxNodes).fill(-1);
    this.#vocabSize = vocabSize;
  }

  /** LM words whose every character is a single model token (case-folded to the tokens' case). */
  static fromLm(lm: ArpaLm, vocab: Vocabulary): SpellingTrie {
    const ids = new Map<string, number>();
    vocab.tokens.forEach((t, i) => {
      if (i !== vocab.blankId && t !== vocab.wordDelimiter && t.length === 1) ids.set(t, i);
    });
    const upper = [...ids.keys()].some((t) => t !== t.toLowerCase());
    const spelled: Array<[number[], number]> = [];
    let letters = 0;
    for (const [word, id] of lm.words()) {
      const tokens = [...(upper ? word.toUpperCase() : word.toLowerCase())].map((ch) => ids.get(ch) ?? -1);
      if (tokens.length === 0 || tokens.includes(-1)) continue;
      spelled.push([tokens, id]);
      letters += tokens.length;
    }
    const trie = new SpellingTrie(letters + 1, vocab.tokens.length);
    for (const [tokens, id] of spelled) trie.#add(tokens, id);
    return trie;
  }

  #slot(key: number): number {
    let s = (Math.imul(key, 0x9e3779b1) >>> 0) & this.#mask;
    while (this.#keys[s] !== -1 && this.#keys[s] !== key) s = (s + 1) & this.#mask;
    return s;
  }

  #add(tokens: readonly number[], wordId: number): void {
    let node = 0;
    for (const t of tokens) {
      const s = this.#slot(node * this.#vocabSize + t);
      if (this.#keys[s] === -1) {
        this.#keys[s] = node * this.#vocabSize + t;
        this.#children[s] = this.#size++;
      }
      node = this.#children[s]!;
    }
    this.#wordIds[node] = wordId;
  }

  /** The child of `node` by `token`, or -1 when no LM word continues that way. */
  next(node: number, token: number): number {
    const s = this.#slot(node * this.#vocabSize + token);
    return this.#keys[s] === -1 ? -1 : this.#children[s]!;
  }

  wordId(node: number): number {
    return node < 0 ? -1 : this.#wordIds[node]!;
  }
}
