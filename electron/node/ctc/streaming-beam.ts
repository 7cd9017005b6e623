/**
 * Beam-search CTC decoding of a long recording fed chunk by chunk (the windowed logits), with the
 * same push/finish/onWord shape as StreamingGreedyDecoder. The beam stream is restarted in pauses, so
 * memory holds the logits and prefixes since the last pause (at most about maxStretchSeconds), not the whole recording.
 *
 *   const decoder = new StreamingBeamDecoder(new BeamSearchDecoder(vocab, { beamWidth: 16, lm }), (w) => print(w));
 *   for (const chunk of chunks) decoder.push(chunk.logits);
 *   decoder.finish();
 *
 * Restart rule: after `restartPauseSeconds` in which the greedy path emits no letter and has closed
 * its word with a delimiter; or, once a stretch is `maxStretchSeconds` long (noise or music with no
 * pause), at the first frame where the greedy path has no open word (just after a delimiter). Greedy
 * decoding is unchanged by splitting at either (no open word, no repeat of a letter across the split),
 * so beam width 1 without LM or hotwords gives exactly greedy's words. With an LM,
 * each pause-separated stretch is scored as a sentence (it starts from <s>), as one decode() window is.
 */
import { BEAM_STREAM_DEFAULTS, FRAME_SECONDS } from '../../common/defaults.ts';
import type { BeamSearchDecoder, BeamSearchStream } from './beam-search.ts';
import { argmaxIds } from './greedy.ts';
import type { DecodedWord, Logits } from './types.ts';

export class StreamingBeamDecoder {
  private readonly decoder: BeamSearchDecoder;
  private readonly onWord: (word: DecodedWord) => void;
  private readonly frameSeconds: number;
  private readonly restartFrames: number;
  private readonly maxStretchFrames: number;
  private readonly letter: (id: number) => boolean;
  private readonly delimiterId: number;
  private stream: BeamSearchStream;
  /** Global index of the current beam stream's first frame, and of the next frame to arrive. */
  private streamStart = 0;
  private frame = 0;
  /** Greedy path state: frames since its last letter, whether a delimiter closed that letter's word, whether this stream holds a letter. */
  private sinceLetter = 0;
  private closed = true;
  private streamHasLetter = false;
  /** How many times the beam restarted (pauses, and long stretches), for reports. */
  restarts = 0;
  /** Of those, restarts forced by a stretch reaching maxStretchSeconds without a pause. */
  forcedRestarts = 0;

  constructor(
    decoder: BeamSearchDecoder,
    onWord: (word: DecodedWord) => void,
    frameSeconds = FRAME_SECONDS,
    restartPauseSeconds: number = BEAM_STREAM_DEFAULTS.restartPauseSeconds,
    maxStretchSeconds: number = BEAM_STREAM_DEFAULTS.maxStretchSeconds,
  ) {
    this.decoder = decoder;
    this.onWord = onWord;
    this.frameSeconds = frameSeconds;
    this.restartFrames = Math.max(1, Math.round(restartPauseSeconds / frameSeconds));
    this.maxStretchFrames = Math.max(1, Math.round(maxStretchSeconds / frameSeconds));
    const { blankId, wordDelimiter, tokens } = decoder.vocab;
    this.delimiterId = tokens.indexOf(wordDelimiter);
    this.letter = (id) => id !== blankId && id !== this.delimiterId;
    this.stream = decoder.stream();
  }

  /** Frames seen so far. */
  get frames(): number {
    return this.frame;
  }

  /** Frames held by the current beam stream (its logits and prefixes are what memory grows with). */
  get stretchFrames(): number {
    return this.frame - this.streamStart;
  }

  push(logits: Logits): void {
    const ids = argmaxIds(logits);
    let from = 0; // first frame of this chunk not yet given to the beam
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (this.letter(id)) {
        this.sinceLetter = 0;
        this.closed = false;
        this.streamHasLetter = true;
      } else {
        this.sinceLetter++;
        if (id === this.delimiterId) this.closed = true;
      }
      const pause = this.closed && this.streamHasLetter && this.sinceLetter >= this.restartFrames;
      const long = this.closed && this.frame + i + 1 - this.streamStart >= this.maxStretchFrames;
      if (pause || long) {
        if (!pause) this.forcedRestarts++;
        this.stream.accept(slice(logits, from, i + 1));
        from = i + 1;
        this.handOut();
        this.stream = this.decoder.stream();
        this.streamStart = this.frame + i + 1;
        this.streamHasLetter = false;
        this.restarts++;
      }
    }
    if (from < logits.frames) this.stream.accept(slice(logits, from, logits.frames));
    this.frame += logits.frames;
  }

  /** Ends the recording: the words of the last stretch are handed out. */
  finish(): void {
    this.handOut();
    this.stream = this.decoder.stream();
    this.streamStart = this.frame;
  }

  /** Hands out the current stream's words, with global times. */
  private handOut() {
    const { words } = this.stream.result();
    for (const w of words) {
      // Frame-exact global times: the same t·frameSeconds products greedy computes.
      const start = (Math.round(w.start / FRAME_SECONDS) + this.streamStart) * this.frameSeconds;
      const end = (Math.round(w.end / FRAME_SECONDS) + this.streamStart) * this.frameSeconds;
      this.onWord({ word: w.word, start, end, confidence: w.confidence });
    }
  }
}

const slice = (logits: Logits, from: number, to: number): Logits => ({
  data: logits.data.subarray(from * logits.vocabSize, to * logits.vocabSize),
  frames: to - from,
  vocabSize: logits.vocabSize,
});
