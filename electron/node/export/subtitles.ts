/**
 * Subtitles (SubRip and WebVTT) cut the way subtitle editors cut them: at most 42 characters a line and
 * 2 lines a cue, at most 7 s on screen, a new cue at each sentence end and at each pause of 1 s or more
 * (SUBTITLE_DEFAULTS), lines balanced when a cue needs two. Cues follow the words' own timings.
 *
 *   writeFile('talk.srt', srt(transcript)); writeFile('talk.vtt', vtt(transcript));
 */
import { SUBTITLE_DEFAULTS } from '../../common/defaults.ts';
import type { Transcript, TranscriptWord } from '../../common/transcript.ts';

export interface Cue {
  start: number;
  end: number;
  lines: string[];
}

export type CueLimits = { readonly [K in keyof typeof SUBTITLE_DEFAULTS]: number };

/** The words split into at most `maxLines` lines of at most `maxCharsPerLine`, as even as possible; null if they do not fit. */
export function wrapLines(words: readonly string[], limits: CueLimits = SUBTITLE_DEFAULTS): string[] | null {
  const text = words.join(' ');
  if (text.length <= limits.maxCharsPerLine) return [text];
  if (limits.maxLines < 2) return null;
  let best: string[] | null = null;
  for (let k = 1; k < words.length; k++) {
    const top = words.slice(0, k).join(' ');
    const bottom = words.slice(k);
    const rest = wrapLines(bottom, { ...limits, maxLines: limits.maxLines - 1 });
    if (top.length > limits.maxCharsPerLine || rest === null) continue;
    const lines = [top, ...rest];
    if (best === null || Math.max(...lines.map((l) => l.length)) < Math.max(...best.map((l) => l.length))) best = lines;
  }
  return best;
}

const endsSentence = (word: string) => /[.?!…]["'”’)\]]*$/u.test(word);

/** Words to cue; a segment without word timings gets its words spread over its span (for cutting only). */
function cueWords(t: Transcript): TranscriptWord[] {
  return t.segments.flatMap((s) => {
    if (s.words.length > 0) return s.words;
    const texts = s.text.split(/\s+/).filter(Boolean);
    const chars = texts.reduce((n, w) => n + w.length + 1, 0);
    let at = s.start;
    return texts.map((word) => {
      const start = at;
      at += ((s.end - s.start) * (word.length + 1)) / chars;
      return { word, start, end: at, confidence: 1 };
    });
  });
}

export function cues(t: Transcript, limits: CueLimits = SUBTITLE_DEFAULTS): Cue[] {
  const out: Cue[] = [];
  let run: TranscriptWord[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push({ start: run[0]!.start, end: run.at(-1)!.end, lines });
    run = [];
    lines = [];
  };
  for (const w of cueWords(t)) {
    const last = run.at(-1);
    if (last !== undefined) {
      const paused = w.start - last.end >= limits.cuePauseSeconds;
      const tooLong = w.end - run[0]!.start > limits.maxCueSeconds;
      const wrapped =
        paused || tooLong || endsSentence(last.word)
          ? null
          : wrapLines(
              [...run, w].map((x) => x.word),
              limits,
            );
      if (wrapped === null) flush();
      else {
        run.push(w);
        lines = wrapped;
        continue;
      }
    }
    run = [w];
    // A single word too long for a line (a URL) is shown as it is rather than dropped.
    lines = [w.word];
  }
  flush();
  // Cues never overlap, and each lasts at least a frame.
  for (let i = 0; i < out.length; i++) {
    const next = out[i + 1];
    if (next !== undefined && out[i]!.end > next.start) out[i]!.end = next.start;
    if (out[i]!.end <= out[i]!.start) out[i]!.end = out[i]!.start + 0.04;
  }
  return out;
}

/** hh:mm:ss + separator + mmm. */
export function cueClock(seconds: number, separator: ',' | '.'): string {
  const total = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(total % 1000, 3)}`;
}

export function srt(t: Transcript, limits?: CueLimits): string {
  return cues(t, limits)
    .map((c, i) => `${i + 1}\n${cueClock(c.start, ',')} --> ${cueClock(c.end, ',')}\n${c.lines.join('\n')}\n`)
    .join('\n');
}

/** WebVTT cue text is markup: &, < and > are escaped. */
const escapeVtt = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function vtt(t: Transcript, limits?: CueLimits): string {
  return [
    'WEBVTT\n',
    ...cues(t, limits).map(
      (c) => `${cueClock(c.start, '.')} --> ${cueClock(c.end, '.')}\n${c.lines.map(escapeVtt).join('\n')}\n`,
    ),
  ].join('\n');
}
