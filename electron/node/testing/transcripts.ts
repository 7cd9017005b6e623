/**
 * Transcripts for storage, editor and export tests: words with plausible timings, sentences in their own
 * segments, and optional pauses, so tests build realistic inputs in one line.
 *
 *   const t = makeTranscript(['Hello there.', 'Send the report to Bob.'], { pauseAfter: { 0: 3 } });
 */
import type { Transcript, TranscriptSegment, TranscriptWord } from '../../common/transcript.ts';

export interface MakeOptions {
  /** Seconds per word (start to start). */
  wordSeconds?: number;
  /** Extra silence after sentence k, seconds. */
  pauseAfter?: Record<number, number>;
  /** Confidence of every word (default 0.9). */
  confidence?: (word: string, index: number) => number;
  /** Sentences (by index) whose words carry the "action item" mark. */
  actionItems?: readonly number[];
  model?: string;
  start?: number;
}

export function makeTranscript(sentences: readonly string[], options: MakeOptions = {}): Transcript {
  const step = options.wordSeconds ?? 0.4;
  let time = options.start ?? 0.5;
  let index = 0;
  const segments: TranscriptSegment[] = sentences.map((sentence, s) => {
    const words: TranscriptWord[] = sentence
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => {
        const w: TranscriptWord = {
          word,
          start: round(time),
          end: round(time + step * 0.8),
          confidence: options.confidence?.(word, index) ?? 0.9,
        };
        if (options.actionItems?.includes(s)) w.action_item = true;
        time += step;
        index++;
        return w;
      });
    time += options.pauseAfter?.[s] ?? 0;
    return { start: words[0]?.start ?? round(time), end: words.at(-1)?.end ?? round(time), text: sentence, words };
  });
  return {
    text: sentences.join(' '),
    duration_s: round(time + 0.5),
    model: options.model ?? 'sew-d-tiny-100k-ft-ls100h',
    device: 'cpu',
    segments,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
