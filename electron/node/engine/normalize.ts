/**
 * Per-utterance input normalisation, as Wav2Vec2FeatureExtractor(do_normalize=True):
 * (x - mean) / sqrt(var + NORMALIZE_EPSILON), population variance.
 *
 *   const input = normalize(samples); // new Float32Array, same length
 */
import { NORMALIZE_EPSILON } from '../../common/defaults.ts';

export function normalize(samples: Float32Array, out = new Float32Array(samples.length)): Float32Array {
  const n = samples.length;
  if (n === 0) return out;
  // Float64 accumulators: an hour of float32 sums would lose digits, and two passes keep the variance exact.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += samples[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = samples[i]! - mean;
    squares += d * d;
  }
  const scale = 1 / Math.sqrt(squares / n + NORMALIZE_EPSILON);
  for (let i = 0; i < n; i++) out[i] = (samples[i]! - mean) * scale;
  return out;
}
