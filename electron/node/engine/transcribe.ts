/**
 * Audio → Transcript (DESIGN contract 2) with a Recognizer, in one straight line: windowed logits
 * (windows/windowed-logits.ts) → streaming greedy (or beam-search) decoder → words → text layer with
 * timings (when a formatter is given) → segments. Only one window of logits is ever held (beam: those
 * since the last pause). Raw segments reach `onSegment` as soon as they are final; written ones once
 * the text layer has seen every word (a "scratch that" may reach back).
 *
 *   const transcript = await transcribeSamples(recognizer, samples, { text: new TextFormatter(settings) });
 *   const fromFile = await transcribeStream(recognizer, streamAudioFile('talk.mp3'), { signal });
 */
import { SAMPLE_RATE } from '../../common/defaults.ts';
import type { Transcript, TranscriptSegment } from '../../common/transcript.ts';
import type { BeamSearchDecoder } from '../ctc/beam-search.ts';
import type { DecodedWord } from '../ctc/types.ts';
import { StreamingBeamDecoder } from '../ctc/streaming-beam.ts';
import { StreamingGreedyDecoder } from '../ctc/streaming-greedy.ts';
import type { TextFormatter } from '../text/text-formatter.ts';
import { writeWords } from '../text/transcript-text.ts';
import type { Recognizer } from './recognizer.ts';
import { SegmentBuilder } from './segments.ts';
import { throwIfCancelled } from './cancelled.ts';
import type { VadCuts } from './windows/vad-cuts.ts';
import { type LogitsChunk, windowedLogits } from './windows/windowed-logits.ts';

export interface TranscribeOptions {
  onSegment?: (segment: TranscriptSegment) => void;
  /** Seconds of audio processed so far. */
  onProgress?: (seconds: number) => void;
  /** Silero VAD for window cuts (long audio is cut in pauses); null or absent: cuts by energy. */
  vadCuts?: VadCuts | null;
  /** Decode with this beam search (hotwords, LM) instead of greedy; null or absent: greedy. */
  beam?: BeamSearchDecoder | null;
  /** The text layer for this call; null or absent: the recogniser's upper-case words as they are. */
  text?: TextFormatter | null;
  /** Aborting stops the work before the next window (VerbaError Cancelled). */
  signal?: AbortSignal;
  /** Awaited before each window (see WindowedOptions.yieldTo). */
  yieldTo?: () => Promise<void>;
}

export const transcribeSamples = (
  recognizer: Recognizer,
  samples: Float32Array,
  options: TranscribeOptions = {},
): Promise<Transcript> => transcribeChunks(recognizer, windowedLogits(recognizer, samples, windowed(options)), options);

/** Audio arriving in pieces (16 kHz mono), e.g. streamAudioFile(path): memory stays at one window. */
export const transcribeStream = (
  recognizer: Recognizer,
  audio: AsyncIterable<Float32Array>,
  options: TranscribeOptions = {},
): Promise<Transcript> => transcribeChunks(recognizer, windowedLogits(recognizer, audio, windowed(options)), options);

const windowed = (options: TranscribeOptions) => ({
  cuts: options.vadCuts ?? null,
  ...(options.signal ? { signal: options.signal } : {}),
  ...(options.yieldTo ? { yieldTo: options.yieldTo } : {}),
});

/** Recogniser words of a whole recording → transcript: the text layer (if any), then segments. */
export function buildTranscript(
  words: readonly DecodedWord[],
  text: TextFormatter | null,
  about: { samples: number; model: string; device: string },
  onSegment?: (segment: TranscriptSegment) => void,
): Transcript {
  const segments: TranscriptSegment[] = [];
  const builder = new SegmentBuilder((segment) => {
    segments.push(segment);
    onSegment?.(segment);
  });
  const written = text === null ? null : writeWords(words, text);
  for (const word of written?.words ?? words) builder.push(word);
  builder.finish();
  return {
    text: written?.text ?? segments.map((s) => s.text).join(' '),
    duration_s: Math.round((about.samples / SAMPLE_RATE) * 1000) / 1000,
    model: about.model,
    device: about.device,
    segments,
  };
}

async function transcribeChunks(
  recognizer: Recognizer,
  chunks: AsyncIterable<LogitsChunk>,
  options: TranscribeOptions,
): Promise<Transcript> {
  const text = options.text ?? null;
  // Raw words become segments as they come; written ones wait for the text layer at the end.
  const segments: TranscriptSegment[] = [];
  const live =
    text === null
      ? new SegmentBuilder((segment) => {
          segments.push(segment);
          options.onSegment?.(segment);
        })
      : null;
  const words: DecodedWord[] = [];
  const frameSeconds = recognizer.info.frameSamples / SAMPLE_RATE;
  const onWord = (word: DecodedWord) => (live === null ? words.push(word) : live.push(word));
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
  const about = { samples, model: recognizer.name, device: recognizer.device };
  if (live === null) return buildTranscript(words, text, about, options.onSegment);
  live.finish();
  return {
    text: segments.map((s) => s.text).join(' '),
    duration_s: Math.round((samples / SAMPLE_RATE) * 1000) / 1000,
    model: recognizer.name,
    device: recognizer.device,
    segments,
  };
}
