/**
 * Greedy CTC decoding fed chunk by chunk (consecutive frame ranges of one recording), giving exactly
 * the words of greedyDecode on the concatenated logits while holding only the current chunk. Words
 * are handed out as soon as a word delimiter closes them, so an hour of audio never accumulates.
 *
 *   const decoder = new StreamingGreedyDecoder(vocab, (word) => print(word));
 *   for (const chunk of chunks) decoder.push(chunk.logits);
 *   decoder.finish();
 */
import { FRAME_SECONDS } from '../../common/defaults.ts';
import { argmaxIds, frameProbability } from '../ctc/greedy.ts';
import type { DecodedWord, Logits, Vocabulary } from '../ctc/types.ts';

export class StreamingGreedyDecoder {
  private readonly vocab: Vocabulary;
  private readonly onWord: (word: DecodedWord) => void;
  private readonly frameSeconds: number;
  /** Global index of the next frame to arrive. */
  private frame = 0;
  private previousId = -1;
  private word = '';
  private wordStart = 0;
  private wordEnd = 0;
  private probSum = 0;
  private probCount = 0;

  constructor(vocab: Vocabulary, onWord: (word: DecodedWord) => void, frameSeconds = FRAME_SECONDS) {
    this.vocab = vocab;
    this.onWord = onWord;
    this.frameSeconds = frameSeconds;
  }

  /** Frames seen so far. */
  get frames(): number {
    return this.frame;
  }

  push(logits: Logits): void {
    const ids = argmaxIds(logits);
    const { blankId, wordDelimiter, tokens } = this.vocab;
    for (let i = 0; i < ids.length; i++, this.frame++) {
      const id = ids[i]!;
      const t = this.frame;
      const repeat = id === this.previousId;
      this.previousId = id;
      if (repeat) {
        // A repeat extends the current token: it counts towards the word's span and confidence.
        if (id !== blankId && tokens[id] !== wordDelimiter && this.word.length > 0) this.extend(t, frameProbability(logits, i, id));
        continue;
      }
      if (id === blankId) continue;
      const token = tokens[id] ?? '';
      if (token === wordDelimiter) {
        this.close();
        continue;
      }
      if (this.word.length === 0) this.wordStart = t;
      this.word += token;
      this.extend(t, frameProbability(logits, i, id));
    }
  }

  /** Ends the recording: the last open word is handed out. */
  finish(): void {
    this.close();
  }

  private extend(t: number, probability: number) {
    this.wordEnd = t + 1;
    this.probSum += probability;
    this.probCount++;
  }

  private close() {
    if (this.word.length > 0) {
      this.onWord({ word: this.word, start: this.wordStart * this.frameSeconds, end: this.wordEnd * this.frameSeconds, confidence: this.probSum / this.probCount });
    }
    this.word = '';
    this.probSum = 0;
    this.probCount = 0;
  }
}
