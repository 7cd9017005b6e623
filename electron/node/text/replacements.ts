/**
 * User replacements and the vocabulary's written forms: multi-word, whole-word, case-insensitive
 * phrases over plain words, replaced by text written exactly as the user typed it.
 *
 *   const table = replacementTable([{ find: 'my email', replace: 'ada@example.com' }]);
 *   replacePhrases(items, table);
 */
import type { Replacement } from '../../common/text-settings.ts';
import type { Item } from './items.ts';
import { isPlainWord } from './items.ts';
import { PhraseTable } from './phrase-table.ts';

export function replacementTable(replacements: readonly Replacement[]): PhraseTable<string> {
  return new PhraseTable(replacements.map((r) => [r.find, r.replace] as const));
}

/** Vocabulary entries match their own spoken form: "github" → "GitHub", "new york" → "New York". */
export function vocabularyTable(vocabulary: readonly string[]): PhraseTable<string> {
  return new PhraseTable(vocabulary.map((w) => [w, w.trim()] as const));
}

/** Replaces the longest matching phrase at each plain word; an empty replacement deletes the words. */
export function replacePhrases(items: readonly Item[], table: PhraseTable<string>): Item[] {
  if (table.size === 0) return items.slice();
  const words = items.map((it) => (isPlainWord(it) ? it.text.toLowerCase() : ''));
  const usable = (k: number) => isPlainWord(items[k]);
  const out: Item[] = [];
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    const m = usable(i) ? table.match(words, i, usable) : null;
    if (!m) {
      out.push(item);
      i++;
      continue;
    }
    if (m.value !== '' && item.kind === 'word') {
      out.push({ ...item, text: m.value, to: items[i + m.length - 1]!.to, verbatim: true });
    }
    i += m.length;
  }
  return out;
}
