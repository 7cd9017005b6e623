/** CTC logits: `frames` rows of `vocabSize` scores, row-major, one row per 20 ms frame. */
export interface Logits {
  data: Float32Array;
  frames: number;
  vocabSize: number;
}

export interface Vocabulary {
  /** tokens[id] is the token's text ('<pad>', '|', 'E', …). */
  tokens: readonly string[];
  blankId: number;
  wordDelimiter: string;
}

export interface DecodedWord {
  word: string;
  /** Seconds from the start of the logits. */
  start: number;
  end: number;
  /** Mean over the word's emitting frames of the chosen token's softmax probability, 0..1. */
  confidence: number;
}

export interface Decoded {
  text: string;
  words: DecodedWord[];
}
