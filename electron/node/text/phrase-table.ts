/**
 * Longest-match lookup of multi-word phrases over a word list (whole words, case-insensitive).
 * Shared by spoken commands, user replacements and the vocabulary's capitalisation.
 *
 *   const table = new PhraseTable([['new line', 'new-line'], ['new paragraph', 'new-paragraph']]);
 *   table.match(['new', 'line', 'hello'], 0) // { value: 'new-line', length: 2 }
 */
import { normalisePhrase } from '../../common/text-settings.ts';

export class PhraseTable<V> {
  /** First word → phrases starting with it (word lists), longest first. */
  readonly #byFirst = new Map<string, Array<{ words: string[]; value: V }>>();

  constructor(entries: Iterable<readonly [string, V]> = []) {
    for (const [phrase, value] of entries) this.set(phrase, value);
  }

  /** Adds or overrides a phrase; later entries win over earlier ones with the same words. */
  set(phrase: string, value: V): void {
    const words = normalisePhrase(phrase).split(' ');
    if (words[0] === '') return;
    const list = this.#byFirst.get(words[0]!) ?? [];
    const same = list.findIndex((e) => e.words.join(' ') === words.join(' '));
    if (same >= 0) list.splice(same, 1);
    list.push({ words, value });
    list.sort((a, b) => b.words.length - a.words.length);
    this.#byFirst.set(words[0]!, list);
  }

  delete(phrase: string): void {
    const words = normalisePhrase(phrase).split(' ');
    const list = this.#byFirst.get(words[0]!);
    if (!list) return;
    const at = list.findIndex((e) => e.words.join(' ') === words.join(' '));
    if (at >= 0) list.splice(at, 1);
  }

  get size(): number {
    let n = 0;
    for (const list of this.#byFirst.values()) n += list.length;
    return n;
  }

  /**
   * The longest phrase at `words[at]`. `words` must be lower-case; `usable(k)` can refuse a word
   * (e.g. one already replaced), ending the match before it.
   */
  match(
    words: readonly string[],
    at: number,
    usable: (index: number) => boolean = () => true,
  ): { value: V; length: number } | null {
    const list = this.#byFirst.get(words[at] ?? '');
    if (!list) return null;
    for (const entry of list) {
      const n = entry.words.length;
      let ok = at + n <= words.length;
      for (let k = 0; ok && k < n; k++) ok = words[at + k] === entry.words[k] && usable(at + k);
      if (ok) return { value: entry.value, length: n };
    }
    return null;
  }

  /**
   * Does a phrase run across the boundary before `words[boundary]`: started before it and, as far as
   * the words go, continuing after it? At the end of the list (`boundary === words.length`) any phrase
   * that has started and is not complete counts, since the next word is unknown.
   */
  crosses(words: readonly string[], boundary: number): boolean {
    for (let start = 0; start < boundary; start++) {
      for (const entry of this.#byFirst.get(words[start] ?? '') ?? []) {
        const inside = boundary - start;
        if (entry.words.length <= inside) continue;
        let ok = true;
        for (let k = 0; ok && k < inside; k++) ok = words[start + k] === entry.words[k];
        if (ok && (boundary >= words.length || words[boundary] === entry.words[inside])) return true;
      }
    }
    return false;
  }

  /** The value of a phrase that ends exactly before `words[boundary]`, if any. */
  endingAt(words: readonly string[], boundary: number): V | null {
    for (let start = 0; start < boundary; start++) {
      for (const entry of this.#byFirst.get(words[start] ?? '') ?? []) {
        if (entry.words.length !== boundary - start) continue;
        if (entry.words.every((w, k) => words[start + k] === w)) return entry.value;
      }
    }
    return null;
  }
}
