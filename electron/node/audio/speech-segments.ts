/**
 * Turns per-window speech probabilities into speech segments (threshold with hysteresis, a hangover of
 * minSilenceMs before speech is declared over, minimum speech length, padding), following silero's
 * get_speech_timestamps. Pure: no model here, so it is tested on its own and reused live.
 *
 *   const seg = new SpeechSegmenter(VAD_DEFAULTS);
 *   for (const p of probs) for (const ev of seg.push(p)) if (ev.type === 'end') finish(ev.segment);
 *   const all = padSegments(seg.finish(), totalSamples, VAD_DEFAULTS);
 */
import { SAMPLE_RATE, VAD_DEFAULTS } from '../../common/defaults.ts';

/** Sample offsets at 16 kHz, end exclusive. */
export interface SpeechSegment {
  start: number;
  end: number;
}

/** Tunables of the segmenter; VAD_DEFAULTS holds the shipped values. */
export interface VadParams {
  windowSamples: number;
  threshold: number;
  negativeThresholdOffset: number;
  minSilenceMs: number;
  minSpeechMs: number;
  speechPadMs: number;
}

export type SegmentEvent = { type: 'start'; sample: number } | { type: 'end'; segment: SpeechSegment };

const ms = (value: number) => Math.round((value * SAMPLE_RATE) / 1000);

export class SpeechSegmenter {
  readonly params: VadParams;
  #window = 0;
  #start: number | null = null;
  /** Where the current candidate silence began (0 = none), as in silero's temp_end. */
  #silenceFrom = 0;
  #segments: SpeechSegment[] = [];

  constructor(params: VadParams = VAD_DEFAULTS) {
    this.params = params;
  }

  /** True while inside speech (after 'start', before 'end'). */
  get inSpeech(): boolean {
    return this.#start !== null;
  }

  /** Feeds the probability of the next window; returns what that window decided. */
  push(probability: number): SegmentEvent[] {
    const p = this.params;
    const at = this.#window * p.windowSamples;
    this.#window++;
    const events: SegmentEvent[] = [];
    if (probability >= p.threshold) {
      this.#silenceFrom = 0;
      if (this.#start === null) {
        this.#start = at;
        events.push({ type: 'start', sample: at });
      }
      return events;
    }
    if (this.#start !== null && probability < p.threshold - p.negativeThresholdOffset) {
      if (this.#silenceFrom === 0) this.#silenceFrom = at;
      if (at - this.#silenceFrom < ms(p.minSilenceMs)) return events;
      const segment = { start: this.#start, end: this.#silenceFrom };
      this.#start = null;
      this.#silenceFrom = 0;
      if (segment.end - segment.start > ms(p.minSpeechMs)) {
        this.#segments.push(segment);
        events.push({ type: 'end', segment });
      }
    }
    return events;
  }

  /** Closes an open segment at `totalSamples` and returns every segment found (unpadded). */
  finish(totalSamples: number = this.#window * this.params.windowSamples): SpeechSegment[] {
    if (this.#start !== null && totalSamples - this.#start > ms(this.params.minSpeechMs)) {
      this.#segments.push({ start: this.#start, end: totalSamples });
    }
    this.#start = null;
    return this.#segments;
  }
}

/**
 * Pads every segment by speechPadMs on both sides; where two segments are closer than twice the
 * padding, the gap is split between them so they never overlap.
 */
export function padSegments(
  segments: readonly SpeechSegment[],
  totalSamples: number,
  params: VadParams = VAD_DEFAULTS,
): SpeechSegment[] {
  const pad = ms(params.speechPadMs);
  const out = segments.map((s) => ({ ...s }));
  for (let i = 0; i < out.length; i++) {
    const s = out[i]!;
    if (i === 0) s.start = Math.max(0, s.start - pad);
    const next = out[i + 1];
    if (next === undefined) {
      s.end = Math.min(totalSamples, s.end + pad);
      continue;
    }
    const gap = next.start - s.end;
    if (gap < 2 * pad) {
      s.end += Math.floor(gap / 2);
      next.start = Math.max(0, next.start - Math.floor(gap / 2));
    } else {
      s.end = Math.min(totalSamples, s.end + pad);
      next.start = Math.max(0, next.start - pad);
    }
  }
  return out;
}
