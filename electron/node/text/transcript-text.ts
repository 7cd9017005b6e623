/**
 * The text layer over a whole transcript (what `verba transcribe` applies unless --raw): all words are
 * formatted as one stream, so a sentence or a "scratch that" can cross segment boundaries, then each
 * written word goes back to the segment its first spoken word came from, keeping its timing.
 *
 *   const written = applyTextLayer(transcript, settings);
 */
import type { TextSettings } from '../../common/text-settings.ts';
import type { Transcript, TranscriptSegment, TranscriptWord } from '../../common/transcript.ts';
import { TEXT_DEFAULTS } from '../../common/defaults.ts';
import { TextFormatter } from './text-formatter.ts';
import type { Item } from './items.ts';
import { wordItem } from './items.ts';

/** Words of a segment; a segment without word timings gets its text's words spread over its span. */
function segmentWords(seg: TranscriptSegment): TranscriptWord[] {
  if (seg.words.length > 0 || seg.text.trim() === '') return seg.words;
  const texts = seg.text.trim().split(/\s+/);
  const step = (seg.end - seg.start) / texts.length;
  return texts.map((word, i) => ({
    word,
    start: seg.start + i * step,
    end: seg.start + (i + 1) * step,
    confidence: 1,
  }));
}

export function applyTextLayer(
  transcript: Transcript,
  settings: TextSettings,
  formatter = new TextFormatter(settings),
): Transcript {
  const words: TranscriptWord[] = [];
  const segmentOf: number[] = [];
  transcript.segments.forEach((seg, s) => {
    for (const w of segmentWords(seg)) {
      words.push(w);
      segmentOf.push(s);
    }
  });
  // Segment boundaries and long silences are phrase boundaries ("scratch that" stops there).
  const items: Item[] = [];
  words.forEach((w, i) => {
    if (i > 0 && (segmentOf[i] !== segmentOf[i - 1] || w.start - words[i - 1]!.end >= TEXT_DEFAULTS.phrasePauseSeconds))
      items.push({ kind: 'pause', from: i, to: i });
    items.push(wordItem(w.word.toLowerCase(), i));
  });
  const { text, pieces } = formatter.formatItems(items);
  const segments: TranscriptSegment[] = transcript.segments.map((seg) => ({
    start: seg.start,
    end: seg.end,
    text: '',
    words: [],
  }));
  for (const piece of pieces) {
    const first = Math.min(piece.from, words.length - 1);
    const seg = segments[segmentOf[first]!]!;
    const span = words.slice(first, Math.max(piece.to, first + 1));
    seg.text += seg.text === '' ? piece.text : piece.before + piece.text;
    seg.words.push({
      word: piece.text,
      start: span[0]!.start,
      end: span.at(-1)!.end,
      confidence: span.reduce((sum, w) => sum + w.confidence, 0) / span.length,
      ...(piece.actionItem ? { action_item: true as const } : {}),
    });
  }
  return { ...transcript, text, segments: segments.filter((seg) => seg.text !== '') };
}
