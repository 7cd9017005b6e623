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
 * Text and words from a CTC alignment (one id per frame: blank or token), with the tokenizer's rules.
 * Greedy uses the argmax path; the beam search passes its best alignment, so both report word spans
 * and confidence the same way.
 */
export function decodePath(logits: Logits, vocab: Vocabulary, ids: Int32Array, frameSeconds = FRAME_SECONDS): Decoded {
  let text = '';
  const words: DecodedWord[] = [];
  let word = '';
  let wordStart = 0;
  let wordEnd = 0;
  let probSum = 0;
  let probCount = 0;
  const closeWord = () => {
    if (word.length > 0) words.push({ word, start: wordStart * frameSeconds, end: wordEnd * frameSeconds, confidence: probSum / probCount });
    word = '';
    probSum = 0;
    probCount = 0;
  };
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t]!;
    if (t > 0 && id === ids[t - 1]) {
      // A repeat extends the current token; it still counts towards the word's span and confidence.
      if (id !== vocab.blankId && vocab.tokens[id] !== vocab.wordDelimiter && word.length > 0) {
        wordEnd = t + 1;
        probSum += frameProbability(logits, t, id);
        probCount++;
      }
      continue;
    }
    if (id === vocab.blankId) continue;
    const token = vocab.tokens[id] ?? '';
    if (token === vocab.wordDelimiter) {
      text += ' ';
      closeWord();
      continue;
    }
    text += token;
    if (word.length === 0) wordStart = t;
    word += token;
    wordEnd = t + 1;
    probSum += frameProbability(logits, t, id);
    probCount++;
  }
  closeWord();
  return { text: text.trim(), words };
}
