/**
 * CTC greedy decoding, identical to transformers' Wav2Vec2CTCTokenizer.decode on argmax ids:
 * collapse repeats, then drop the blank, map the word delimiter to a space, join, strip.
 *
 *   const { text, words } = greedyDecode({ data, frames, vocabSize }, vocab);
 */
import { FRAME_SECONDS } from '../../common/defaults.ts';
import type { Decoded, DecodedWord, Logits, Vocabulary } from './types.ts';

/** Index of the largest score in each row (first one wins ties, as torch.argmax). */
export function argmaxIds(logits: Logits): Int32Array {
  const { data, frames, vocabSize } = logits;
  const ids = new Int32Array(frames);
  for (let t = 0; t < frames; t++) {
    const row = t * vocabSize;
    let best = 0;
    let bestScore = data[row]!;
    for (let v = 1; v < vocabSize; v++) {
      const s = data[row + v]!;
      if (s > bestScore) {
        bestScore = s;
        best = v;
      }
    }
    ids[t] = best;
  }
  return ids;
}

/** Softmax probability of token `id` in frame `t`. */
export function frameProbability(logits: Logits, t: number, id: number): number {
  const { data, vocabSize } = logits;
  const row = t * vocabSize;
  let max = -Infinity;
  for (let v = 0; v < vocabSize; v++) max = Math.max(max, data[row + v]!);
  let sum = 0;
  for (let v = 0; v < vocabSize; v++) sum += Math.exp(data[row + v]! - max);
  return Math.exp(data[row + id]! - max) / sum;
}

export function greedyDecode(logits: Logits, vocab: Vocabulary, frameSeconds = FRAME_SECONDS): Decoded {
  return decodePath(logits, vocab, argmaxIds(logits), frameSeconds);
}

/**
 * Greedy's word rules over a CTC path fed in pieces: collapse repeats, drop the blank, a delimiter
 * closes the word; a word spans, and its confidence averages, every frame of its tokens (repeats
 * included). decodePath (a whole path) and the streaming greedy decoder (chunk by chunk, an hour
 * without holding it) both build words here, so they cannot drift apart.
 *
 *   const path = new PathWords(vocab, (w) => words.push(w));
 *   path.accept(chunk, argmaxIds(chunk), firstFrame); … path.finish();
 */
export class PathWords {
  readonly #vocab: Vocabulary;
  readonly #onWord: (word: DecodedWord) => void;
  readonly #frameSeconds: number;
  /** Each emitted token's text (a space for the delimiter), for the tokenizer-identical transcript. */
  readonly #onText: ((piece: string) => void) | null;
  #previous = -1;
  #word = '';
  #start = 0;
  #end = 0;
  #probSum = 0;
  #probCount = 0;

  constructor(
    vocab: Vocabulary,
    onWord: (word: DecodedWord) => void,
    frameSeconds = FRAME_SECONDS,
    onText: ((piece: string) => void) | null = null,
  ) {
    this.#vocab = vocab;
    this.#onWord = onWord;
    this.#frameSeconds = frameSeconds;
    this.#onText = onText;
  }

  /** The path's next frames: `ids[i]` is the token of `logits` row i, global frame `firstFrame + i`. */
  accept(logits: Logits, ids: Int32Array, firstFrame: number): void {
    const { blankId, wordDelimiter, tokens } = this.#vocab;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const t = firstFrame + i;
      if (id === this.#previous) {
        // A repeat extends the current token; it still counts towards the word's span and confidence.
        if (id !== blankId && tokens[id] !== wordDelimiter && this.#word.length > 0)
          this.#extend(t, frameProbability(logits, i, id));
        continue;
      }
      this.#previous = id;
      if (id === blankId) continue;
      const token = tokens[id] ?? '';
      if (token === wordDelimiter) {
        this.#onText?.(' ');
        this.#close();
        continue;
      }
      this.#onText?.(token);
      if (this.#word.length === 0) this.#start = t;
      this.#word += token;
      this.#extend(t, frameProbability(logits, i, id));
    }
  }

  /** The path ended: its last open word is handed out. */
  finish(): void {
    this.#close();
  }

  #extend(t: number, probability: number) {
    this.#end = t + 1;
    this.#probSum += probability;
    this.#probCount++;
  }

  #close() {
    if (this.#word.length > 0) {
      this.#onWord({
        word: this.#word,
        start: this.#start * this.#frameSeconds,
        end: this.#end * this.#frameSeconds,
        confidence: this.#probSum / this.#probCount,
      });
    }
    this.#word = '';
    this.#probSum = 0;
    this.#probCount = 0;
  }
}

/**
 * Text and words from a CTC alignment (one id per frame: blank or token), with the tokenizer's rules.
 * Greedy uses the argmax path; the beam search passes its best alignment, so both report word spans
 * and confidence the same way.
 */
export function decodePath(logits: Logits, vocab: Vocabulary, ids: Int32Array, frameSeconds = FRAME_SECONDS): Decoded {
  let text = '';
  const words: DecodedWord[] = [];
  const path = new PathWords(
    vocab,
    (w) => words.push(w),
    frameSeconds,
    (piece) => (text += piece),
  );
  path.accept(logits, ids, 0);
  path.finish();
  return { text: text.trim(), words };
}
