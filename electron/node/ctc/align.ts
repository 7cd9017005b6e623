/**
 * Word timings for a decoded token sequence: the best (Viterbi) CTC alignment of those tokens to the
 * logits, then words built exactly as greedy decoding builds them from its per-frame ids.
 *
 *   const { text, words } = alignTokens(logits, vocab, [23, 5, 4, 9]); // token ids, no blanks
 */
import { FRAME_SECONDS } from '../../common/defaults.ts';
import { frameProbability } from './greedy.ts';
import type { Decoded, DecodedWord, Logits, Vocabulary } from './types.ts';

/** Natural-log softmax of every frame, as float64 (scores are summed over hundreds of frames). */
export function logSoftmax(logits: Logits): Float64Array {
  const { data, frames, vocabSize: V } = logits;
  const out = new Float64Array(frames * V);
  for (let t = 0; t < frames; t++) {
    const row = t * V;
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, data[row + v]!);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(data[row + v]! - max);
    const lse = max + Math.log(sum);
    for (let v = 0; v < V; v++) out[row + v] = data[row + v]! - lse;
  }
  return out;
}

/**
 * Per-frame ids (blank or token) of the most probable alignment of `tokens`. States are the usual
 * CTC lattice (blank, y1, blank, y2, …, blank); memory is frames × (2·tokens+1) bytes, fine for one
 * decoding window. Returns null when the tokens cannot fit in the frames.
 */
export function viterbiPath(logProbs: Float64Array, frames: number, vocabSize: number, blankId: number, tokens: readonly number[]): Int32Array | null {
  const S = 2 * tokens.length + 1;
  if (frames === 0) return tokens.length === 0 ? new Int32Array(0) : null;
  const label = (s: number) => (s % 2 === 0 ? blankId : tokens[(s - 1) >> 1]!);
  const back = new Uint8Array(frames * S);
  let prev = new Float64Array(S).fill(-Infinity);
  let cur = new Float64Array(S);
  prev[0] = logProbs[label(0)]!;
  if (S > 1) prev[1] = logProbs[label(1)]!;
  for (let t = 1; t < frames; t++) {
    const row = t * vocabSize;
    cur.fill(-Infinity);
    for (let s = 0; s < S; s++) {
      let best = prev[s]!;
      let step = 0;
      if (s >= 1 && prev[s - 1]! > best) {
        best = prev[s - 1]!;
        step = 1;
      }
      if (s >= 2 && s % 2 === 1 && label(s) !== label(s - 2) && prev[s - 2]! > best) {
        best = prev[s - 2]!;
        step = 2;
      }
      if (best === -Infinity) continue;
      cur[s] = best + logProbs[row + label(s)]!;
      back[t * S + s] = step;
    }
    [prev, cur] = [cur, prev];
  }
  let s = S === 1 || prev[S - 1]! >= prev[S - 2]! ? S - 1 : S - 2;
  if (prev[s] === -Infinity) return null;
  const path = new Int32Array(frames);
  for (let t = frames - 1; t >= 0; t--) {
    path[t] = label(s);
    s -= back[t * S + s]!;
  }
  return path;
}

/** Text and words from per-frame ids, with greedyDecode's rules for repeats, spans and confidence. */
export function decodePath(logits: Logits, vocab: Vocabulary, ids: Int32Array, frameSeconds = FRAME_SECONDS): Decoded {
  let text = '';
  const words: DecodedWord[] = [];
  let word = '';
  let start = 0;
  let end = 0;
  let probSum = 0;
  let probCount = 0;
  const close = () => {
    if (word.length > 0) words.push({ word, start: start * frameSeconds, end: end * frameSeconds, confidence: probSum / probCount });
    word = '';
    probSum = 0;
    probCount = 0;
  };
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t]!;
    const token = vocab.tokens[id] ?? '';
    if (t > 0 && id === ids[t - 1]) {
      if (id !== vocab.blankId && token !== vocab.wordDelimiter && word.length > 0) {
        end = t + 1;
        probSum += frameProbability(logits, t, id);
        probCount++;
      }
      continue;
    }
    if (id === vocab.blankId) continue;
    if (token === vocab.wordDelimiter) {
      text += ' ';
      close();
      continue;
    }
    text += token;
    if (word.length === 0) start = t;
    word += token;
    end = t + 1;
    probSum += frameProbability(logits, t, id);
    probCount++;
  }
  close();
  return { text: text.trim(), words };
}

/** Text, word timings and confidences for a token sequence chosen by a decoder. */
export function alignTokens(logits: Logits, vocab: Vocabulary, tokens: readonly number[], logProbs = logSoftmax(logits)): Decoded {
  const path = viterbiPath(logProbs, logits.frames, logits.vocabSize, vocab.blankId, tokens);
  if (path) return decodePath(logits, vocab, path);
  // Unreachable for tokens found by a CTC search over the same logits; kept total for callers.
  const text = tokens.map((id) => (vocab.tokens[id] === vocab.wordDelimiter ? ' ' : vocab.tokens[id])).join('').trim();
  return { text, words: [] };
}
