/**
 * From a CTC alignment (one id per frame: blank or token) to text and words, with greedyDecode's rules
 * for repeats, word spans and confidence, so a decoder that tracks its best alignment reports timings
 * the same way greedy does. Also the float64 log-softmax the beam search scores with.
 *
 *   const { text, words } = decodePath(logits, vocab, idsPerFrame);
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
