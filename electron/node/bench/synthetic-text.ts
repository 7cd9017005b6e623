/**
 * Deterministic transcript text for benchmarks: a seeded generator (mulberry32), a 20,000-word vocabulary
 * with English-like letter frequencies, Zipf-like word choice, and timed transcripts of sentences of
 * 20–29 words with some long pauses (paragraphs). The same seed gives the same text in every run.
 *
 *   const text = syntheticText(42);
 *   const long = text.transcript(18_000);   // a 2-hour transcript with word timings
 */
import type { Transcript, TranscriptSegment } from '../../common/transcript.ts';

/** mulberry32: a small seeded generator, so every run stores the same text. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Words of 2–11 letters with English-like letter frequencies: prefixes are shared about as often as in
 * a real vocabulary (a syllable generator makes most words share their first letters, which real
 * text does not, and that would measure prefix search on an unnatural vocabulary).
 */
const LETTERS = 'eeeeeeeeeeeetttttttttaaaaaaaaooooooooiiiiiiinnnnnnnsssssshhhhhhrrrrrrddddllllccmmuuwwffggyyppbbvkjxqz';

export function syntheticText(seed: number) {
  const rand = random(seed);
  const vocab = Array.from({ length: 20_000 }, () => {
    const n = 2 + Math.floor(rand() * rand() * 10);
    return Array.from({ length: n }, () => LETTERS[Math.floor(rand() * LETTERS.length)]).join('');
  });
  /** Zipf-like: low ranks are common ("the"), high ranks rare (names, terms). */
  const word = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(rand() * Math.log(vocab.length))) - 1)]!;

  function transcript(words: number, wordSeconds = 0.4): Transcript {
    const segments: TranscriptSegment[] = [];
    let time = 0;
    for (let left = words; left > 0;) {
      const n = Math.min(left, 20 + Math.floor(rand() * 10));
      const ws = Array.from({ length: n }, (_, k) => {
        const w = {
          word: word() + (k === n - 1 ? '.' : ''),
          start: time,
          end: time + wordSeconds * 0.8,
          confidence: 0.5 + rand() / 2,
        };
        time += wordSeconds;
        return w;
      });
      time += rand() < 0.15 ? 2.5 : 0.3; // some long pauses: paragraphs
      segments.push({ start: ws[0]!.start, end: ws.at(-1)!.end, text: ws.map((w) => w.word).join(' '), words: ws });
      left -= n;
    }
    const text = segments.map((s) => s.text).join(' ');
    return { text, duration_s: time, model: 'sew-d-tiny-100k-ft-ls100h', device: 'cpu', segments };
  }

  return { rand, vocab, word, transcript };
}
