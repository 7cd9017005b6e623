/**
 * Character and word error rates (Levenshtein distance over characters / words divided by the
 * reference length), the figures the demo model's README and Verba's word-asserting tests state.
 * Both sides are compared in the model's alphabet: upper case, letters and apostrophes, single spaces,
 * so the text layer's casing and punctuation do not count as errors.
 *
 *   const { cer, wer } = errorRates('PLEASE SEND THE REPORT', transcript.text);
 */

/** Upper case A-Z and apostrophes, words separated by one space. */
export const normalizeForScoring = (text: string): string =>
  text
    .toUpperCase()
    .replace(/[^A-Z' ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .join(' ');

/** Levenshtein distance between two sequences (unit costs), in O(min) memory. */
export function editDistance<T>(reference: readonly T[], hypothesis: readonly T[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1));
    }
    previous = current;
  }
  return previous[hypothesis.length]!;
}

export interface ErrorCounts {
  /** Character edits (spaces count as characters) and the reference's character count. */
  charErrors: number;
  chars: number;
  /** Word edits and the reference's word count. */
  wordErrors: number;
  words: number;
}

export function errorCounts(reference: string, hypothesis: string): ErrorCounts {
  const ref = normalizeForScoring(reference);
  const hyp = normalizeForScoring(hypothesis);
  const refWords = ref === '' ? [] : ref.split(' ');
  const hypWords = hyp === '' ? [] : hyp.split(' ');
  return {
    charErrors: editDistance([...ref], [...hyp]),
    chars: ref.length,
    wordErrors: editDistance(refWords, hypWords),
    words: refWords.length,
  };
}

/** Sums counts over several utterances: corpus-level rates weight each utterance by its length. */
export function addCounts(all: readonly ErrorCounts[]): ErrorCounts {
  const sum = { charErrors: 0, chars: 0, wordErrors: 0, words: 0 };
  for (const c of all) {
    sum.charErrors += c.charErrors;
    sum.chars += c.chars;
    sum.wordErrors += c.wordErrors;
    sum.words += c.words;
  }
  return sum;
}

/** CER and WER as fractions (0.25 = 25 %); an empty reference scores 0 against an empty hypothesis, else 1. */
export function rates(counts: ErrorCounts): { cer: number; wer: number } {
  const ratio = (errors: number, n: number) => (n > 0 ? errors / n : errors > 0 ? 1 : 0);
  return { cer: ratio(counts.charErrors, counts.chars), wer: ratio(counts.wordErrors, counts.words) };
}

export const errorRates = (reference: string, hypothesis: string) => rates(errorCounts(reference, hypothesis));
