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
import { PathWords, argmaxIds } from './greedy.ts';
import type { DecodedWord, Logits, Vocabulary } from './types.ts';

export class StreamingGreedyDecoder {
  /** greedyDecode's own word builder, fed chunk by chunk (it keeps only the open word). */
  private readonly path: PathWords;
  /** Global index of the next frame to arrive. */
  private frame = 0;

  constructor(vocab: Vocabulary, onWord: (word: DecodedWord) => void, frameSeconds = FRAME_SECONDS) {
    this.path = new PathWords(vocab, onWord, frameSeconds);
  }

  /** Frames seen so far. */
  get frames(): number {
    return this.frame;
  }

  push(logits: Logits): void {
    this.path.accept(logits, argmaxIds(logits), this.frame);
    this.frame += logits.frames;
  }

  /** Ends the recording: the last open word is handed out. */
  finish(): void {
    this.path.finish();
  }
}
