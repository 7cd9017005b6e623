/**
 * Audio → Transcript (DESIGN contract 2) with a Recognizer: windowed inference, streaming greedy (or
 * beam-search) decoding and segmenting, so only one window of logits is ever held (beam: those since
 * the last pause). Segments are handed to `onSegment` as soon as they are final (live display, long files).
 *
 *   const transcript = await transcribeSamples(recognizer, samples);
 *   const fromFile = await transcribeStream(recognizer, streamAudioFile('talk.mp3'));   // bounded memory
 */
import { SAMPLE_RATE } from '../../common/defaults.ts';
import type { Transcript, TranscriptSegment } from '../../common/transcript.ts';
import type { BeamSearchDecoder } from '../ctc/beam-search.ts';
import type { DecodedWord } from '../ctc/types.ts';
import { StreamingBeamDecoder } from '../ctc/streaming-beam.ts';
import { StreamingGreedyDecoder } from '../ctc/streaming-greedy.ts';
import type { LogitsChunk, Recognizer } from './recognizer.ts';
import { SegmentBuilder } from './segments.ts';
import { throwIfCancelled } from './cancelled.ts';
import type { VadCuts } from './vad-cuts.ts';

export interface TranscribeOptions {
  onSegment?: (segment: TranscriptSegment) => void;
  /** Seconds of audio processed so far. */
  onProgress?: (seconds: number) => void;
  /** Silero VAD for window cuts (long audio is cut in pauses); null or absent: cuts by energy. */
  vadCuts?: VadCuts | null;
  /** Decode with this beam search (hotwords, LM) instead of greedy; null or absent: greedy. */
  beam?: BeamSearchDecoder | null;
  /** Aborting stops the work before the next window (VerbaError Cancelled). */
  signal?: AbortSignal;
}

export const transcribeSamples = (
  recognizer: Recognizer,
  samples: Float32Array,
  options: TranscribeOptions = {},
): Promise<Transcript> =>
  transcribeChunks(recognizer, recognizer.windows(samples, {}, options.vadCuts ?? null), options);

/** Audio arriving in pieces (16 kHz mono), e.g. streamAudioFile(path): memory stays at one window. */
export const transcribeStream = (
  recognizer: Recognizer,
  audio: AsyncIterable<Float32Array>,
  options: TranscribeOptions = {},
): Promise<Transcript> =>
  transcribeChunks(recognizer, recognizer.streamWindows(audio, {}, options.vadCuts ?? null), options);

async function transcribeChunks(
  recognizer: Recognizer,
  chunks: AsyncIterable<LogitsChunk>,
  options: TranscribeOptions,
): Promise<Transcript> {
  const segments: TranscriptSegment[] = [];
  const builder = new SegmentBuilder((segment) => {
    segments.push(segment);
    options.onSegment?.(segment);
  });
  const frameSeconds = recognizer.info.frameSamples / SAMPLE_RATE;
  const onWord = (word: DecodedWord) => builder.push(word);
  const decoder = options.beam
    ? new StreamingBeamDecoder(options.beam, onWord, frameSeconds)
    : new StreamingGreedyDecoder(recognizer.vocabulary, onWord, frameSeconds);
  let samples = 0;
  throwIfCancelled(options.signal);
  for await (const chunk of chunks) {
    throwIfCancelled(options.signal);
    if (chunk.firstFrame !== decoder.frames)
      throw new Error(`logits chunk starts at frame ${chunk.firstFrame}, expected ${decoder.frames}`);
    decoder.push(chunk.logits);
    samples = chunk.endSample;
    options.onProgress?.(samples / SAMPLE_RATE);
  }
  decoder.finish();
  builder.finish();
  return {
    text: segments.map((s) => s.text).join(' '),
    duration_s: Math.round((samples / SAMPLE_RATE) * 1000) / 1000,
    model: recognizer.name,
    device: recognizer.device,
    segments,
  };
}
