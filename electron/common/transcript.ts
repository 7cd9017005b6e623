/**
 * The transcript of one recording (DESIGN contract 2): what `verba transcribe --format json` prints, what
 * the engine hands to storage and export, and what the renderer's editor shows. Times are in seconds.
 */
export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
  /** 0..1: mean softmax probability of the word's emitted tokens. */
  confidence: number;
  /**
   * The speaker marked this word's sentence with the spoken command "action item" (meeting notes list
   * such sentences under "Action items"). Absent when not marked.
   */
  action_item?: true;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  words: TranscriptWord[];
}

export interface Transcript {
  text: string;
  duration_s: number;
  /** The model's name (hub id or directory name). */
  model: string;
  /** The execution provider that ran it ('cpu', 'webgpu', …). */
  device: string;
  segments: TranscriptSegment[];
}
