/**
 * Custom-vocabulary words as a letter trie over the model's token ids, for boosting in beam search
 * (the idea of sherpa-onnx's context graph, per word): each letter that continues a hotword earns
 * a bonus, and the bonus is taken back when the word leaves the trie or ends before a whole hotword.
 *
 *   const hot = HotwordTrie.fromVocabulary(['Kubernetes', 'Verba'], vocab);
 *   let node = HOTWORD_ROOT; node = hot.next(node, tokenIdOfK); // ≥ 0 while still on a hotword
 */
import type { Vocabulary } from './types.ts';

/** Trie node at the start of every word. */
export const HOTWORD_ROOT = 0;
/** The current word has left the trie; it earns nothing until the next word starts. */
export const HOTWORD_OFF = -1;

export class HotwordTrie {
  readonly #children = new Map<number, number>();
  readonly #depth: number[] = [0];
  readonly #terminal: boolean[] = [false];
  readonly #vocabSize: number;
  /** Upper-case spellings that were added (for skipping LM penalties on hotwords the LM lacks). */
  readonly words = new Set<string>();

  constructor(vocabSize: number) {
    this.#vocabSize = vocabSize;
  }

  /**
   * Each word of each entry ("New York" gives NEW and YORK) spelled in the model's tokens; words with
   * a character the model cannot emit (digits, accents for an English model) are skipped.
   */
  static fromVocabulary(entries: readonly string[], vocab: Vocabulary): HotwordTrie {
    const trie = new HotwordTrie(vocab.tokens.length);
    const ids = new Map<string, number>();
    vocab.tokens.forEach((t, i) => {
      if (i !== vocab.blankId && t !== vocab.wordDelimiter && t.length === 1) ids.set(t, i);
    });
    for (const entry of entries) {
      for (const word of entry.toUpperCase().split(/\s+/)) {
        const spelled = [...word].map((ch) => ids.get(ch));
        if (word.length >= 2 && spelled.every((id) => id !== undefined)) trie.add(word, spelled as number[]);
      }
    }
    return trie;
  }

  add(word: string, tokenIds: readonly number[]): void {
    let node = HOTWORD_ROOT;
    for (const id of tokenIds) {
      const key = node * this.#vocabSize + id;
      let child = this.#children.get(key);
      if (child === undefined) {
        child = this.#depth.length;
        this.#depth.push(this.#depth[node]! + 1);
        this.#terminal.push(false);
        this.#children.set(key, child);
      }
      node = child;
    }
    this.#terminal[node] = true;
    this.words.add(word);
  }

  get empty(): boolean {
    return this.words.size === 0;
  }

  /** The node after `tokenId`, or HOTWORD_OFF. */
  next(node: number, tokenId: number): number {
    if (node < 0) return HOTWORD_OFF;
    return this.#children.get(node * this.#vocabSize + tokenId) ?? HOTWORD_OFF;
  }

  /** Letters matched so far (the bonus to take back if the word does not complete). */
  depth(node: number): number {
    return node < 0 ? 0 : this.#depth[node]!;
  }

  isWord(node: number): boolean {
    return node >= 0 && this.#terminal[node]!;
  }
}
