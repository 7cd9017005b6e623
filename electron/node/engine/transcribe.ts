/**
 * Audio samples → Transcript (DESIGN contract 2) with a Recognizer: windowed inference, streaming
 * greedy decoding and segmenting, so only one window of logits is ever held. Segments are handed
 * to `onSegment` as soon as they are final (live display, long files).
 *
 *   const transcript = await transcribeSamples(recognizer, samples, { onProgress: (f) => bar(f) });
 */
import { SAMPLE_RATE } from '../../common/defaults.ts';
import type { Transcript, TranscriptSegment } from '../../common/transcript.ts';
import { StreamingGreedyDecoder } from './ctc-stream.ts';
import type { Recognizer } from './recognizer.ts';
import { SegmentBuilder } from './segments.ts';

export interface TranscribeOptions {
  onSegment?: (segment: TranscriptSegment) => void;
  /** Fraction of the input processed, 0..1. */
  onProgress?: (fraction: number) => void;
}

export async function transcribeSamples(recognizer: Recognizer, samples: Float32Array, options: TranscribeOptions = {}): Promise<Transcript> {
  const segments: TranscriptSegment[] = [];
  const builder = new SegmentBuilder((segment) => {
    segments.push(segment);
    options.onSegment?.(segment);
  });
  const frameSeconds = recognizer.info.frameSamples / SAMPLE_RATE;
  const decoder = new StreamingGreedyDecoder(recognizer.vocabulary, (word) => builder.push(word), frameSeconds);
  for await (const chunk of recognizer.windows(samples)) {
    if (chunk.firstFrame !== decoder.frames) throw new Error(`logits chunk starts at frame ${chunk.firstFrame}, expected ${decoder.frames}`);
    decoder.push(chunk.logits);
    options.onProgress?.(samples.length === 0 ? 1 : chunk.endSample / samples.length);
  }
  decoder.finish();
  builder.finish();
  return {
    text: segments.map((s) => s.text).join(' '),
    duration_s: Math.round((samples.length / SAMPLE_RATE) * 1000) / 1000,
    model: recognizer.name,
    device: recognizer.device,
    segments,
  };
}
