/**
 * A live microphone: 16 kHz mono Float32 frames (AUDIO_DEFAULTS.captureFrameSamples each), a level meter
 * (RMS and peak per 50 ms), a pre-roll of the last ~300 ms for push-to-talk, and a 'lost' event
 * (after which the microphone is already stopped) when the device disappears.
 *
 *   const mic = await Microphone.open({ deviceId: -1 });
 *   mic.on('frame', (f) => spool.append(f));
 *   mic.on('level', ({ rms, peak }) => meter(rms, peak));
 *   mic.on('lost', (reason) => warn(reason));
 *   const before = mic.preRoll();             // at key press
 *   await mic.stop();
 */
import { EventEmitter } from 'node:events';
import { AUDIO_DEFAULTS, SAMPLE_RATE } from '../../common/defaults.ts';
import type { CaptureBackend, InputDevice, RawCapture } from './capture-backend.ts';
import { naudiodonBackend } from './naudiodon-backend.ts';
import { interleavedToMono } from './pcm.ts';
import { type Resampler, createResampler } from './resampler.ts';
import { SampleRing } from './ring-buffer.ts';

export interface Level {
  /** Linear, 0..1 of full scale. */
  rms: number;
  peak: number;
  /** End of the measured window, in seconds since the microphone opened. */
  time: number;
}

export interface MicrophoneOptions {
  /** PortAudio device id; -1 or omitted = system default. */
  deviceId?: number;
  backend?: CaptureBackend;
  preRollMs?: number;
}

type MicrophoneEvents = { frame: [Float32Array]; level: [Level]; lost: [string] };

export class Microphone extends EventEmitter<MicrophoneEvents> {
  readonly device: InputDevice;
  /** The rate the device delivered before resampling (16000 when it could do 16 kHz itself). */
  readonly sourceSampleRate: number;
  /** When the first audio arrived, as performance.now() (capture start latency). */
  firstAudioAt: number | null = null;
  readonly openedAt: number;
  #raw: RawCapture | null = null;
  #resampler: Resampler;
  #pending = new Float32Array(AUDIO_DEFAULTS.captureFrameSamples);
  #pendingLength = 0;
  #meterSum = 0;
  #meterPeak = 0;
  #meterCount = 0;
  #samplesOut = 0;
  #ring: SampleRing;
  #stopped = false;
  #stopping: Promise<void> | null = null;
  #held: Float32Array[] | null = [];

  private constructor(
    device: InputDevice,
    sourceRate: number,
    resampler: Resampler,
    preRollMs: number,
    openedAt: number,
  ) {
    super();
    this.device = device;
    this.sourceSampleRate = sourceRate;
    this.#resampler = resampler;
    this.openedAt = openedAt;
    this.#ring = new SampleRing(Math.max(1, Math.round((preRollMs * SAMPLE_RATE) / 1000)));
  }

  static async open(options: MicrophoneOptions = {}): Promise<Microphone> {
    const backend = options.backend ?? naudiodonBackend();
    const openedAt = performance.now();
    let mic: Microphone | null = null;
    const early: Float32Array[] = [];
    let lostEarly: string | null = null;
    const raw = await backend.open(
      { deviceId: options.deviceId ?? -1, sampleRate: SAMPLE_RATE, bufferMs: AUDIO_DEFAULTS.captureBufferMs },
      {
        onData: (interleaved) => (mic ? mic.#ingest(interleaved) : early.push(interleaved)),
        onLost: (reason) => (mic ? mic.#lose(reason) : (lostEarly = reason)),
      },
    );
    let resampler: Resampler;
    try {
      resampler = await createResampler(raw.sampleRate, SAMPLE_RATE);
    } catch (error) {
      await raw.stop();
      throw error;
    }
    const created = new Microphone(
      raw.device,
      raw.sampleRate,
      resampler,
      options.preRollMs ?? AUDIO_DEFAULTS.preRollMs,
      openedAt,
    );
    created.#raw = raw;
    created.#held = early;
    mic = created;
    // Audio that arrived before the caller could attach listeners is replayed after they have (the
    // caller's continuation runs in a microtask, setImmediate after it), in order, then frames flow live.
    setImmediate(() => {
      const held = created.#held;
      created.#held = null;
      for (const chunk of held ?? []) created.#ingest(chunk);
      if (lostEarly !== null) created.#lose(lostEarly);
    });
    return mic;
  }

  /** The capture worker's pid (naudiodon runs PortAudio in a child process). */
  get captureProcessId(): number | undefined {
    return this.#raw?.processId;
  }

  /** Audio still delivered after stop() is called (ms): see RawCapture.audioAfterStopMs. */
  get audioAfterStopMs(): number {
    return this.#raw?.audioAfterStopMs ?? 0;
  }

  /** The last ~preRollMs of audio (a copy), oldest first. */
  preRoll(): Float32Array {
    return this.#ring.read();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Seconds of 16 kHz audio delivered so far. */
  get duration(): number {
    return this.#samplesOut / SAMPLE_RATE;
  }

  /**
   * Releases the device; delivers everything first: audio the backend hands over while it stops (the
   * end of a push-to-talk utterance), the resampler's tail and the last partial frame.
   */
  stop(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const held = this.#held;
    this.#held = null;
    for (const chunk of held ?? []) this.#ingest(chunk);
    try {
      await this.#raw?.stop();
    } finally {
      // A loss reported while stopping has already finished the job.
      if (!this.#stopped) this.#finish();
    }
  }

  /** Ends the stream: the resampler's delayed tail and the partial frame are audio, not padding. */
  #finish(): void {
    this.#stopped = true;
    this.#emitSamples(this.#resampler.flush());
    this.#flushPartial();
    this.#resampler.destroy();
  }

  #ingest(interleaved: Float32Array): void {
    if (this.#held !== null) {
      this.#held.push(interleaved);
      return;
    }
    // Until the backend's stop() resolves, whatever it delivers is still the user's audio.
    if (this.#stopped || this.#raw === null) return;
    if (this.firstAudioAt === null) this.firstAudioAt = performance.now();
    this.#emitSamples(this.#resampler.push(interleavedToMono(interleaved, this.#raw.channels)));
  }

  #emitSamples(samples: Float32Array): void {
    const frameSize = this.#pending.length;
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(frameSize - this.#pendingLength, samples.length - offset);
      this.#pending.set(samples.subarray(offset, offset + take), this.#pendingLength);
      this.#pendingLength += take;
      offset += take;
      if (this.#pendingLength === frameSize) {
        this.#deliver(this.#pending.slice());
        this.#pendingLength = 0;
      }
    }
  }

  #flushPartial(): void {
    if (this.#pendingLength > 0) this.#deliver(this.#pending.slice(0, this.#pendingLength));
    this.#pendingLength = 0;
  }

  #deliver(frame: Float32Array): void {
    this.#ring.push(frame);
    this.#samplesOut += frame.length;
    this.#meter(frame);
    this.emit('frame', frame);
  }

  /** Exact 50 ms windows (800 samples) across frame boundaries, so levels line up with audio time. */
  #meter(frame: Float32Array): void {
    const window = Math.round((AUDIO_DEFAULTS.levelWindowMs * SAMPLE_RATE) / 1000);
    const endOfFrame = this.#samplesOut;
    for (let i = 0; i < frame.length; i++) {
      const v = frame[i]!;
      this.#meterSum += v * v;
      const a = Math.abs(v);
      if (a > this.#meterPeak) this.#meterPeak = a;
      if (++this.#meterCount === window) {
        const time = (endOfFrame - frame.length + i + 1) / SAMPLE_RATE;
        this.emit('level', { rms: Math.sqrt(this.#meterSum / window), peak: this.#meterPeak, time });
        this.#meterSum = 0;
        this.#meterPeak = 0;
        this.#meterCount = 0;
      }
    }
  }

  #lose(reason: string): void {
    if (this.#stopped) return;
    this.#finish();
    // A device that vanishes while being released is not news to the caller who released it.
    if (this.#stopping === null) this.emit('lost', reason);
  }
}
