/**
 * Fixed-capacity Float32 ring that keeps the most recent samples: the push-to-talk pre-roll
 * (audio from just before the key press, so the first word is not clipped).
 *
 *   const preRoll = new SampleRing(4_800);   // 300 ms at 16 kHz
 *   preRoll.push(frame);
 *   const last300ms = preRoll.read();
 */
export class SampleRing {
  readonly capacity: number;
  #data: Float32Array;
  #write = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError('SampleRing capacity must be a positive integer.');
    this.capacity = capacity;
    this.#data = new Float32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(samples: Float32Array): void {
    // Only the tail can survive when one push is larger than the ring.
    const src = samples.length > this.capacity ? samples.subarray(samples.length - this.capacity) : samples;
    const first = Math.min(src.length, this.capacity - this.#write);
    this.#data.set(src.subarray(0, first), this.#write);
    this.#data.set(src.subarray(first), 0);
    this.#write = (this.#write + src.length) % this.capacity;
    this.#size = Math.min(this.capacity, this.#size + src.length);
  }

  /** The retained samples, oldest first (a copy). */
  read(): Float32Array {
    const out = new Float32Array(this.#size);
    const start = (this.#write - this.#size + this.capacity) % this.capacity;
    const first = Math.min(this.#size, this.capacity - start);
    out.set(this.#data.subarray(start, start + first), 0);
    out.set(this.#data.subarray(0, this.#size - first), first);
    return out;
  }

  clear(): void {
    this.#size = 0;
    this.#write = 0;
  }
}
