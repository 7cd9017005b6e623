/**
 * Plain PCM helpers shared by capture, decoding, spooling and VAD. Samples are Float32 in [-1, 1].
 *
 *   const mono = mixToMono(channelData);          // average of the channels
 *   const { rms, peak } = levels(mono);
 */

/** The one in-memory audio shape of the engine. */
export interface Pcm {
  samples: Float32Array;
  sampleRate: number;
}

/** Averages channels (equal weights): a stereo recording of one voice keeps its level, no clipping. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (first === undefined) return new Float32Array(0);
  if (channels.length === 1) return first;
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) out[i]! += channel[i]!;
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/** Splits interleaved frames (as PortAudio delivers them) into a mono average. */
export function interleavedToMono(interleaved: Float32Array, channels: number): Float32Array {
  if (channels === 1) return interleaved;
  const frames = Math.floor(interleaved.length / channels);
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[f * channels + c]!;
    out[f] = sum / channels;
  }
  return out;
}

export function concatFloat32(parts: readonly Float32Array[]): Float32Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Float32Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** RMS and absolute peak, both linear (0..1 for full scale). */
export function levels(samples: Float32Array): { rms: number; peak: number } {
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    sum += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  return { rms: samples.length > 0 ? Math.sqrt(sum / samples.length) : 0, peak };
}

/** Growable Float32 buffer: appends without re-copying on every push (doubling), for accumulating decodes. */
export class Float32Accumulator {
  #data = new Float32Array(1 << 16);
  #length = 0;
  get length(): number {
    return this.#length;
  }
  push(chunk: Float32Array): void {
    if (this.#length + chunk.length > this.#data.length) {
      let size = this.#data.length;
      while (size < this.#length + chunk.length) size *= 2;
      const grown = new Float32Array(size);
      grown.set(this.#data.subarray(0, this.#length));
      this.#data = grown;
    }
    this.#data.set(chunk, this.#length);
    this.#length += chunk.length;
  }
  /** A right-sized copy; the accumulator can be dropped afterwards. */
  toArray(): Float32Array {
    return this.#data.slice(0, this.#length);
  }
}
