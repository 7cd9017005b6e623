/**
 * The float64 log-softmax the beam search scores with. (Turning its best alignment into text and words
 * is greedy.ts's decodePath, so both decoders report timings and confidence the same way.)
 *
 *   const logProbs = logSoftmax(logits);
 */
import type { Logits } from './types.ts';

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
