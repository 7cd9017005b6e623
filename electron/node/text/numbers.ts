/**
 * Spoken numbers to digits: cardinals, ordinals, decimals, years, times, percentages and money.
 * Works on lower-case words; every output token keeps the span of source words it came from.
 *
 *   convertNumbers(['twenty', 'five', 'percent']) // [{ text: '25%', from: 0, to: 3, number: true }]
 *
 * Style (Chicago-like): a lone cardinal or ordinal below ten stays a word ("two cats", "first"), unless it
 * carries a unit (%, $, a.m.); thousands separators from 10,000 ("3400", "25,000"); round millions and up
 * keep the scale word ("2 million").
 */

export interface NumberToken {
  text: string;
  /** Source word span [from, to). */
  from: number;
  to: number;
  /** True when the token was produced from number words. */
  number: boolean;
}

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORD_UNITS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ORD_TEENS = [
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
];
const ORD_TENS = [
  '',
  '',
  'twentieth',
  'thirtieth',
  'fortieth',
  'fiftieth',
  'sixtieth',
  'seventieth',
  'eightieth',
  'ninetieth',
];
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const ORD_SCALES: Record<string, number> = { thousandth: 1e3, millionth: 1e6, billionth: 1e9 };
const CURRENCIES: Record<string, string> = { dollar: '$', dollars: '$', bucks: '$', euro: '€', euros: '€' };

type WordClass =
  | { kind: 'unit' | 'teen' | 'tens'; value: number; ordinal: boolean }
  | { kind: 'hundred' | 'scale'; value: number; ordinal: boolean };

function classify(w: string | undefined): WordClass | null {
  if (w === undefined) return null;
  let i = UNITS.indexOf(w);
  if (i >= 0) return { kind: 'unit', value: i, ordinal: false };
  if ((i = TEENS.indexOf(w)) >= 0) return { kind: 'teen', value: 10 + i, ordinal: false };
  if ((i = TENS.indexOf(w)) >= 2) return { kind: 'tens', value: 10 * i, ordinal: false };
  if ((i = ORD_UNITS.indexOf(w)) >= 1) return { kind: 'unit', value: i, ordinal: true };
  if ((i = ORD_TEENS.indexOf(w)) >= 0) return { kind: 'teen', value: 10 + i, ordinal: true };
  if ((i = ORD_TENS.indexOf(w)) >= 2) return { kind: 'tens', value: 10 * i, ordinal: true };
  if (w === 'hundred') return { kind: 'hundred', value: 100, ordinal: false };
  if (w === 'hundredth') return { kind: 'hundred', value: 100, ordinal: true };
  if (w in SCALES) return { kind: 'scale', value: SCALES[w]!, ordinal: false };
  if (w in ORD_SCALES) return { kind: 'scale', value: ORD_SCALES[w]!, ordinal: true };
  return null;
}

interface Cardinal {
  value: number;
  end: number;
  ordinal: boolean;
  words: number;
}

/** Longest well-formed cardinal (or ordinal) starting at i: "two hundred and five", "a thousand", "twenty first". */
function parseCardinal(words: readonly string[], i: number): Cardinal | null {
  let total = 0;
  let group = 0;
  let lastScale = Infinity;
  let phase: 'start' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'and' = 'start';
  let hasHundred = false;
  let j = i;
  if (words[j] === 'a' && (words[j + 1] === 'hundred' || (words[j + 1] ?? '') in SCALES)) {
    group = 1;
    phase = 'unit';
    j++;
  }
  for (; j < words.length; j++) {
    const c = classify(words[j]);
    if (words[j] === 'and' && (phase === 'hundred' || phase === 'scale')) {
      const next = classify(words[j + 1]);
      if (next && (next.kind === 'unit' || next.kind === 'teen' || next.kind === 'tens') && next.value > 0) {
        phase = 'and';
        continue;
      }
      break;
    }
    if (!c) break;
    const fresh = phase === 'start' || phase === 'hundred' || phase === 'scale' || phase === 'and';
    let ok: boolean;
    if (c.kind === 'unit') ok = c.value === 0 ? phase === 'start' && !c.ordinal : fresh || phase === 'tens';
    else if (c.kind === 'teen' || c.kind === 'tens') ok = fresh;
    else if (c.kind === 'hundred')
      ok = (phase === 'unit' || phase === 'teen' || phase === 'tens') && !hasHundred && group > 0 && group < 100;
    else
      ok =
        (phase === 'unit' || phase === 'teen' || phase === 'tens' || phase === 'hundred') &&
        group > 0 &&
        c.value < lastScale;
    if (!ok) break;
    if (c.kind === 'hundred') {
      group *= 100;
      hasHundred = true;
      phase = 'hundred';
    } else if (c.kind === 'scale') {
      total += group * c.value;
      group = 0;
      lastScale = c.value;
      hasHundred = false;
      phase = 'scale';
    } else {
      group += c.value;
      phase = c.kind;
    }
    if (c.ordinal) return { value: total + group, end: j + 1, ordinal: true, words: j + 1 - i };
    if (c.kind === 'unit' && c.value === 0) {
      j++;
      break;
    }
  }
  if (phase === 'and') j--;
  if (j === i || (phase === 'unit' && j === i + 1 && words[i] === 'a')) return null;
  return { value: total + group, end: j, ordinal: false, words: j - i };
}

function digitWord(w: string | undefined): string | null {
  if (w === 'oh') return '0';
  const i = w === undefined ? -1 : UNITS.indexOf(w);
  return i >= 0 ? String(i) : null;
}

function formatInteger(v: number): string {
  return v >= 10_000 ? v.toLocaleString('en-US') : String(v);
}

function ordinalSuffix(v: number): string {
  const t = v % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][v % 10] ?? 'th';
}

/** "2 million" for round large numbers, grouped digits otherwise. */
function formatCardinal(v: number): string {
  for (const [name, scale] of [
    ['trillion', 1e12],
    ['billion', 1e9],
    ['million', 1e6],
  ] as const) {
    if (v >= scale && v % scale === 0 && v / scale < 1000) return `${v / scale} ${name}`;
  }
  return formatInteger(v);
}

/** Two-digit minutes or year halves: "oh five" → 5, "fifteen" → 15, "forty two" → 42 (10..99 unless oh). */
function parseTwoDigits(words: readonly string[], i: number): { value: number; end: number } | null {
  if (words[i] === 'oh') {
    const d = classify(words[i + 1]);
    return d && d.kind === 'unit' && !d.ordinal && d.value > 0 ? { value: d.value, end: i + 2 } : null;
  }
  const c = classify(words[i]);
  if (!c || c.ordinal) return null;
  if (c.kind === 'teen') return { value: c.value, end: i + 1 };
  if (c.kind !== 'tens') return null;
  const u = classify(words[i + 1]);
  if (u && u.kind === 'unit' && !u.ordinal && u.value > 0) return { value: c.value + u.value, end: i + 2 };
  return { value: c.value, end: i + 1 };
}

function meridiem(words: readonly string[], i: number): { text: string; end: number } | null {
  const w = words[i];
  const letter = w === 'a' || w === 'am' || w === 'a.m.' ? 'a' : w === 'p' || w === 'pm' || w === 'p.m.' ? 'p' : null;
  if (!letter) return null;
  if (w === 'a' || w === 'p') return words[i + 1] === 'm' ? { text: `${letter}.m.`, end: i + 2 } : null;
  return { text: `${letter}.m.`, end: i + 1 };
}

/** Words before a clock time said without a.m./p.m.: "at ten thirty" is 10:30, "page one twenty" is not. */
const CONNECTORS = [
  'oh',
  'and',
  'a',
  'minus',
  'negative',
  'point',
  'hundred',
  'hundredth',
  'am',
  'pm',
  'a.m.',
  'p.m.',
  'p',
  'm',
  "o'clock",
];
const NUMBER_VOCABULARY = new Set(
  [
    ...UNITS,
    ...TEENS,
    ...TENS,
    ...ORD_UNITS,
    ...ORD_TEENS,
    ...ORD_TENS,
    ...Object.keys(SCALES),
    ...Object.keys(ORD_SCALES),
    ...Object.keys(CURRENCIES),
    ...CONNECTORS,
  ].filter(Boolean),
);

/**
 * Could this word be part of a spoken number ("five", "point", "oh", "thousand", "percent", "dollars")?
 * Live text must not settle between two such words: "five point" may still become "5.0".
 */
export const isNumberWord = (word: string): boolean =>
  NUMBER_VOCABULARY.has(word.toLowerCase()) || UNIT_WORDS.has(word.toLowerCase());

const TIME_CUES = new Set(['at', 'by', 'until', 'till', 'from', 'around', 'before', 'after', 'since']);
const UNIT_WORDS = new Set([
  'percent',
  'per',
  'dollar',
  'dollars',
  'bucks',
  'euro',
  'euros',
  'cent',
  'cents',
  'hundred',
  'thousand',
  'million',
  'billion',
  'trillion',
  'point',
]);

function parseTime(words: readonly string[], i: number): { text: string; end: number } | null {
  const h = classify(words[i]);
  if (!h || h.ordinal || (h.kind !== 'unit' && h.kind !== 'teen') || h.value < 1 || h.value > 12) return null;
  if (words[i + 1] === "o'clock") return { text: `${h.value} o'clock`, end: i + 2 };
  if (words[i + 1] === 'o' && words[i + 2] === 'clock') return { text: `${h.value} o'clock`, end: i + 3 };
  const direct = meridiem(words, i + 1);
  if (direct) return { text: `${h.value} ${direct.text}`, end: direct.end };
  const m = parseTwoDigits(words, i + 1);
  if (!m || m.value > 59) return null;
  const clock = `${h.value}:${String(m.value).padStart(2, '0')}`;
  const mer = meridiem(words, m.end);
  if (mer) return { text: `${clock} ${mer.text}`, end: mer.end };
  const cued = i > 0 && TIME_CUES.has(words[i - 1]!) && (m.value >= 10 || words[i + 1] === 'oh');
  return cued && !UNIT_WORDS.has(words[m.end] ?? '') ? { text: clock, end: m.end } : null;
}

/** "nineteen eighty four" → 1984, "twenty oh five" → 2005, "eighteen hundred" → 1800. */
function parseYear(words: readonly string[], i: number): { text: string; end: number } | null {
  const c = classify(words[i]);
  if (!c || c.ordinal || !((c.kind === 'teen' && c.value >= 11) || (c.kind === 'tens' && c.value === 20))) return null;
  if (c.kind === 'tens' && classify(words[i + 1])?.kind === 'unit') return null;
  if (words[i + 1] === 'hundred') {
    const next = classify(words[i + 2]);
    if (next || words[i + 2] === 'and') return null;
    return { text: String(c.value * 100), end: i + 2 };
  }
  const rest = parseTwoDigits(words, i + 1);
  if (!rest || (words[i + 1] !== 'oh' && rest.value < 10)) return null;
  const after = classify(words[rest.end]);
  if (after && (after.kind === 'hundred' || after.kind === 'scale')) return null;
  return { text: String(c.value * 100 + rest.value), end: rest.end };
}

/** Cardinal with optional decimals, a scale after decimals, then %, currency or cents. */
function parseQuantity(words: readonly string[], i: number): { text: string; end: number; keepWords: boolean } | null {
  let sign = '';
  let start = i;
  if ((words[i] === 'minus' || words[i] === 'negative') && parseCardinal(words, i + 1)) {
    sign = '-';
    start = i + 1;
  }
  const card = parseCardinal(words, start);
  if (!card) return null;
  let end = card.end;
  if (card.ordinal) {
    const small = card.words === 1 && card.value < 10 && !sign;
    return { text: `${sign}${card.value}${ordinalSuffix(card.value)}`, end, keepWords: small };
  }
  let text = formatCardinal(card.value);
  let decimals = '';
  if (words[end] === 'point' && digitWord(words[end + 1]) !== null) {
    end++;
    for (let d = digitWord(words[end]); d !== null; d = digitWord(words[end])) {
      decimals += d;
      end++;
    }
    text = `${formatInteger(card.value)}.${decimals}`;
    const scale = words[end];
    if (scale === 'million' || scale === 'billion' || scale === 'trillion') {
      text += ` ${scale}`;
      end++;
    }
  }
  text = sign + text;
  const w = words[end];
  if (w === 'percent' || (w === 'per' && words[end + 1] === 'cent')) {
    return { text: `${text}%`, end: end + (w === 'per' ? 2 : 1), keepWords: false };
  }
  const symbol = w === undefined ? undefined : CURRENCIES[w];
  if (symbol) {
    end++;
    const andAt = words[end] === 'and' ? end + 1 : end;
    const cents = parseCardinal(words, andAt);
    if (
      !decimals &&
      cents &&
      !cents.ordinal &&
      cents.value < 100 &&
      (words[cents.end] === 'cents' || words[cents.end] === 'cent')
    ) {
      return {
        text: `${sign}${symbol}${formatInteger(card.value)}.${String(cents.value).padStart(2, '0')}`,
        end: cents.end + 1,
        keepWords: false,
      };
    }
    return { text: sign + symbol + text.slice(sign.length), end, keepWords: false };
  }
  if (w === 'cents' || w === 'cent') return { text: `${text} ${w}`, end: end + 1, keepWords: false };
  const small = card.words === 1 && card.value < 10 && !decimals && !sign;
  return { text, end, keepWords: small };
}

export function convertNumbers(words: readonly string[]): NumberToken[] {
  const out: NumberToken[] = [];
  for (let i = 0; i < words.length;) {
    const found = parseTime(words, i) ?? parseYear(words, i) ?? parseQuantity(words, i);
    if (found && !('keepWords' in found && found.keepWords)) {
      out.push({ text: found.text, from: i, to: found.end, number: true });
      i = found.end;
    } else if (found) {
      for (; i < found.end; i++) out.push({ text: words[i]!, from: i, to: i + 1, number: false });
    } else {
      out.push({ text: words[i]!, from: i, to: i + 1, number: false });
      i++;
    }
  }
  return out;
}
