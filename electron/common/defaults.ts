/**
 * Every tunable number of the engine in one place (pyctcdecode's constants.py, whisper.cpp's params).
 * Invariants are checked once, at the bottom, when this module loads.
 */

// ---- Audio format (SEW-D's input) ----
/** SEW-D, SEW and wav2vec 2.0 take 16 kHz mono. */
export const SAMPLE_RATE = 16_000;
/** One CTC frame per 20 ms: the product of the feature extractor's strides (5·2·2·2·2·2·2 = 320). */
export const FRAME_SAMPLES = 320;
export const FRAME_SECONDS = FRAME_SAMPLES / SAMPLE_RATE;
/** Per-utterance normalisation: (x - mean) / sqrt(var + NORMALIZE_EPSILON), as Wav2Vec2FeatureExtractor. */
export const NORMALIZE_EPSILON = 1e-7;

// ---- Inference (engine) ----
export const INFERENCE_DEFAULTS = {
  /** onnxruntime intra-op threads; 0 lets onnxruntime choose. */
  intraOpThreads: 0,
} as const;

// ---- Long audio windowing (engine) ----
// (filled by the engine issue)

// ---- Audio capture and VAD (audio) ----
// (filled by the audio issue)

// ---- CTC decoding and text (text) ----
// (filled by the text issue)

if (SAMPLE_RATE % FRAME_SAMPLES !== 0) throw new Error('FRAME_SAMPLES must divide SAMPLE_RATE');
