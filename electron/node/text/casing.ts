/**
 * Word-level casing fixes that do not depend on position: "I" and its contractions, contractions the
 * recogniser wrote without an apostrophe, and names that are always capitalised (days, months).
 * Sentence case itself is positional and lives in render.ts.
 *
 *   fixWordCase('i'), fixWordCase('dont'), fixWordCase('monday') // 'I', "don't", 'Monday'
 */

/** Only apostrophe-less spellings that are not themselves English words ("wont", "id", "well" are). */
const CONTRACTIONS: Record<string, string> = {
  dont: "don't",
  doesnt: "doesn't",
  didnt: "didn't",
  cant: "can't",
  isnt: "isn't",
  arent: "aren't",
  wasnt: "wasn't",
  werent: "weren't",
  couldnt: "couldn't",
  shouldnt: "shouldn't",
  wouldnt: "wouldn't",
  havent: "haven't",
  hasnt: "hasn't",
  hadnt: "hadn't",
  mustnt: "mustn't",
  neednt: "needn't",
  youre: "you're",
  youve: "you've",
  youll: "you'll",
  youd: "you'd",
  theyre: "they're",
  theyve: "they've",
  theyll: "they'll",
  weve: "we've",
  im: "I'm",
  ive: "I've",
  thats: "that's",
  whats: "what's",
};

const I_FORMS = new Set(['i', "i'm", "i'll", "i've", "i'd"]);

/** "May", "March" and "August" are left alone: they are also ordinary words. */
const PROPER = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'april',
  'june',
  'july',
  'september',
  'october',
  'november',
  'december',
  'english',
  'french',
  'german',
  'spanish',
]);

/** Months that are also ordinary words: capitalised only before a day ("may fifth", "march 3rd"). */
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'august']);
const DAY_WORDS = new Set([
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
  'thirtieth',
  'twenty',
  'thirty',
]);
const isDay = (word: string | undefined) =>
  word !== undefined && (DAY_WORDS.has(word.toLowerCase()) || /^\d{1,2}(st|nd|rd|th)?$/i.test(word));

/** `next` is the following word, if any: it decides "May 5th" versus "you may go". */
export function fixWordCase(word: string, next?: string): string {
  const lower = word.toLowerCase();
  if (AMBIGUOUS_MONTHS.has(lower) && isDay(next)) return lower[0]!.toUpperCase() + lower.slice(1);
  if (I_FORMS.has(lower)) return 'I' + lower.slice(1);
  const contraction = CONTRACTIONS[lower];
  if (contraction) return contraction;
  if (PROPER.has(lower)) return lower[0]!.toUpperCase() + lower.slice(1);
  return lower;
}

/** Sentence-start capitalisation only touches words written in plain lower case ("iPhone" stays). */
export function capitaliseFirst(text: string): string {
  const first = text.split(' ', 1)[0]!;
  if (!/^[a-z][a-z'-]*[.,;:!?]*$/.test(first)) return text;
  return text[0]!.toUpperCase() + text.slice(1);
}
