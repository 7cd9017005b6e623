/**
 * Streaming resampler over libsamplerate (WASM). Push chunks of any length, then flush once to get
 * the filter's tail: the total output is exactly round(inputSamples · outRate / inRate) samples.
 *
 *   const rs = await createResampler(44_100, 16_000);
 *   const a = rs.push(chunk1), b = rs.push(chunk2), tail = rs.flush();
 *   rs.destroy();
 */
// A UMD bundle: Node's ESM loader sees only its default export.
import libsamplerate from '@alexanderolsen/libsamplerate-js';
import { AUDIO_DEFAULTS } from '../../common/defaults.ts';
import { concatFloat32 } from './pcm.ts';

export interface Resampler {
  readonly inRate: number;
  readonly outRate: number;
  push(samples: Float32Array): Float32Array;
  /** Drains the filter delay; call once after the last push. */
  flush(): Float32Array;
  destroy(): void;
}

export async function createResampler(inRate: number, outRate: number): Promise<Resampler> {
  if (!Number.isFinite(inRate) || inRate < 1 || inRate > 768_000)
    throw new RangeError(`Unsupported input sample rate ${inRate}.`);
  let consumed = 0;
  let produced = 0;
  if (inRate === outRate) {
    return { inRate, outRate, push: (s) => s, flush: () => new Float32Array(0), destroy: () => undefined };
  }
  const src = await libsamplerate.create(1, inRate, outRate, { converterType: AUDIO_DEFAULTS.resamplerQuality });
  let destroyed = false;
  // libsamplerate's full API holds back its filter delay; it only comes out when more input follows.
  const expected = () => Math.round((consumed * outRate) / inRate);
  return {
    inRate,
    outRate,
    push(samples) {
      if (samples.length === 0) return samples;
      consumed += samples.length;
      // full() copies out of WASM memory into a fresh array, so the result is ours to keep.
      const out = src.full(samples);
      produced += out.length;
      return out;
    },
    flush() {
      const want = expected();
      const parts: Float32Array[] = [];
      // Zeros push the delayed tail out; a few rounds cover every converter's delay.
      const zeros = new Float32Array(Math.max(256, Math.ceil(inRate / 20)));
      for (let round = 0; round < 20 && produced < want; round++) {
        const out = src.full(zeros);
        const take = out.subarray(0, Math.min(out.length, want - produced));
        parts.push(take);
        produced += take.length;
      }
      return concatFloat32(parts);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      src.destroy();
    },
  };
}

/** One-shot resample of a whole buffer. */
export async function resample(samples: Float32Array, inRate: number, outRate: number): Promise<Float32Array> {
  if (inRate === outRate) return samples;
  const rs = await createResampler(inRate, outRate);
  try {
    return concatFloat32([rs.push(samples), rs.flush()]);
  } finally {
    rs.destroy();
  }
}
