/**
 * Groups decoded words into transcript segments: a new segment starts after a pause or once the
 * current one is long, so segments read like subtitles. Times are rounded to the millisecond
 * (frame times are multiples of 20 ms; rounding only removes float noise).
 *
 *   const segments = new SegmentBuilder((s) => out.push(s));
 *   words.forEach((w) => segments.push(w)); segments.finish();
 *
 * Words may be the recogniser's (joined by spaces) or written ones from the text layer, which say what
 * goes before them (`before`: '', ' ', '\n'), so a segment's text is that stretch of the written text,
 * and how long the speaker paused before them (`pause`: spoken commands take time but write no word).
 */
import { SEGMENT_DEFAULTS } from '../../common/defaults.ts';
import type { TranscriptSegment, TranscriptWord } from '../../common/transcript.ts';
import type { DecodedWord } from '../ctc/types.ts';

const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;

export class SegmentBuilder {
  private words: TranscriptWord[] = [];
  private text = '';
  private readonly onSegment: (segment: TranscriptSegment) => void;
  private readonly options: { pauseSeconds: number; maxSeconds: number };

  constructor(
    onSegment: (segment: TranscriptSegment) => void,
    options: { pauseSeconds: number; maxSeconds: number } = SEGMENT_DEFAULTS,
  ) {
    this.onSegment = onSegment;
    this.options = options;
  }

  push(word: DecodedWord & { before?: string; pause?: number; action_item?: true }): void {
    const first = this.words[0];
    const last = this.words[this.words.length - 1];
    if (
      first !== undefined &&
      last !== undefined &&
      ((word.pause ?? word.start - last.end) >= this.options.pauseSeconds ||
        last.end - first.start >= this.options.maxSeconds)
    )
      this.flush();
    this.text += this.words.length === 0 ? word.word : (word.before ?? ' ') + word.word;
    this.words.push({
      word: word.word,
      start: ms(word.start),
      end: ms(word.end),
      confidence: Math.round(word.confidence * 1e4) / 1e4,
      ...(word.action_item ? { action_item: true as const } : {}),
    });
  }

  finish(): void {
    this.flush();
  }

  private flush() {
    const words = this.words;
    if (words.length === 0) return;
    const text = this.text;
    this.words = [];
    this.text = '';
    this.onSegment({ start: words[0]!.start, end: words[words.length - 1]!.end, text, words });
  }
}
