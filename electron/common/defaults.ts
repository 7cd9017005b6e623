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
  /** onnxruntime intra-op threads; 0 lets onnxruntime choose (one per core). */
  intraOpThreads: 0,
  /** Cores left to audio capture and the UI when a session is opened for the desktop app
   *  (`leaveCoresFree`): a spinning inference pool on every core makes capture drop frames. */
  desktopReservedCores: 1,
} as const;

// ---- Model downloads (models/downloads.ts) ----
export const DOWNLOAD_DEFAULTS = {
  /** Progress events at most this often, ms: a smooth bar without flooding IPC. */
  progressIntervalMs: 100,
  /** Speed (and so ETA) is measured over this much recent time, ms: steady, yet it follows a change. */
  speedWindowMs: 3000,
} as const;

// ---- Execution providers (onnx/ort.ts) ----
export const PROVIDER_DEFAULTS = {
  /** An accelerator passes its warm-up when max |logit − CPU logit| ≤ this × max(1, max |CPU logit|).
   *  WebGPU fp32 measured within 3e-6 of PyTorch, and fp16 on the demo model within 0.06 of fp32
   *  on logits of about ±20: 2 % is wide enough for fp16 and tight enough to catch a broken kernel. */
  relativeTolerance: 0.02,
  /** …and when at least this share of frames has the same argmax token as on the CPU. */
  frameAgreement: 0.99,
  /** Length of the warm-up input, seconds: enough frames for the agreement share to mean something,
   *  and it compiles the shaders of every op the model runs (the first WebGPU run, 0.2–1.3 s). */
  warmupSeconds: 2,
} as const;

// ---- Long audio windowing (engine) ----
export const WINDOW_DEFAULTS = {
  /** Longest stretch run at once, seconds. Cost per window grows faster than linearly (relative
   *  attention) and 20 s = 500 squeezed frames keeps every offset inside SEW-D's ±512 bucket table. */
  maxWindowSeconds: 20,
  /** Context on each side of the frames a window contributes, seconds. Output frames this close to a
   *  window edge saw truncated context, so they are taken from the neighbouring window instead. */
  contextSeconds: 2,
  /** A cut goes at the quietest frame within this many seconds before the latest frame a window may
   *  contribute, so seams fall in pauses when the audio has any. */
  cutSearchSeconds: 4,
  /** Window starts and cuts are multiples of this many 20 ms frames: SEW-D pools frame pairs
   *  (squeeze factor 2), so even offsets keep the pooling aligned with an unwindowed run. */
  alignFrames: 2,
  /** Shorter input is zero-padded (after normalisation, as the feature extractor pads) to this length. */
  minInputSamples: 1_600,
} as const;

// ---- VAD-guided window cuts (engine: vad-cuts.ts) ----
export const VAD_CUT_DEFAULTS = {
  /** Silero runs from this many seconds before a window's cut-search region: its recurrent state
   *  needs a few windows of audio before its probabilities settle. */
  leadInSeconds: 0.5,
  /** Each cut-search region is scored as this many consecutive parts in one batched pass, each after its
   *  own lead-in: 4 parts of ~1.1 s cost about half of one 4.5 s stream (Silero's cost is per call). */
  streams: 4,
  /** A cut candidate takes the highest speech probability within this many seconds on either side:
   *  Silero dips for a window or two inside words (a stop's closure), never for a whole pause. */
  guardSeconds: 0.1,
  /** Cut candidates whose speech probability is within this of the lowest one count as equally
   *  non-speech; the quietest (energy) among them wins, so a cut sits in the pause's silence. */
  tieProbability: 0.05,
} as const;

// ---- Beam search over long audio (ctc/streaming-beam.ts) ----
export const BEAM_STREAM_DEFAULTS = {
  /** The beam restarts after this many seconds in which the greedy path emits no letter and has
   *  closed its word with a delimiter: a pause. Bounds memory; the LM sees each stretch as a sentence. */
  restartPauseSeconds: 0.4,
  /** Without such a pause (noise, music, fast speech) the beam restarts at the greedy path's next word
   *  delimiter once its stretch is this long: bounds memory (the stretch's logits and prefixes) whatever the audio. */
  maxStretchSeconds: 30,
} as const;

// ---- Live audio into the recogniser (engine: recognizer-stream.ts) ----
export const RECOGNIZER_STREAM_DEFAULTS = {
  /** acceptWaveform() returns false (wait for drain()) once this much audio waits to be windowed, seconds. */
  highWaterSeconds: 5,
  /** A recogniser this far behind the audio will not catch up: the stream fails with one clear error
   *  instead of queueing for as long as the user keeps talking (memory), seconds. */
  maxQueuedSeconds: 60,
} as const;

/** How a transcript is split into segments (subtitle-sized pieces). */
export const SEGMENT_DEFAULTS = {
  /** A silence between words at least this long starts a new segment, seconds. */
  pauseSeconds: 0.6,
  /** A segment is closed at the next word boundary once it is this long, seconds. */
  maxSeconds: 15,
} as const;

// ---- Audio capture and VAD (audio) ----
export const AUDIO_DEFAULTS = {
  /**
   * libsamplerate converter: 0 best, 1 medium, 2 fastest sinc. Fastest keeps 80 % of the band (flat to
   * 6.4 kHz at 16 kHz out, 97 dB SNR), plenty for speech recognition, and runs ~84× real time in WASM
   * against medium's ~33×, which would otherwise cost more than decoding an hour-long file.
   */
  resamplerQuality: 2,
  /** Bytes read from an audio file per decoder call: bounds memory for hour-long files. */
  decodeReadBytes: 1 << 20,
  /**
   * Source sample rates Verba decodes (Hz): from telephone-grade 1 kHz to 768 kHz studio audio. Outside
   * this a header is lying, and the resampler would be asked for absurd ratios (or refuse with a stack).
   */
  minSourceSampleRate: 1_000,
  maxSourceSampleRate: 768_000,
  /** A file claiming more channels than this is damaged (surround formats top out at 22.2 = 24). */
  maxSourceChannels: 64,
  /** Capture frame length delivered to listeners, in 16 kHz samples (20 ms, one CTC frame multiple). */
  captureFrameSamples: 320,
  /** Level meter window: one RMS/peak value per 50 ms. */
  levelWindowMs: 50,
  /** Audio kept from before push-to-talk starts so the first word is not clipped. */
  preRollMs: 300,
  /** Spool files are fsync'ed this often: at most this much audio is lost on a crash or power cut. */
  spoolSyncMs: 1000,
  /** No audio callback for this long while capturing means the device is gone. */
  deviceStallMs: 2000,
  /** Grace for the first audio after opening (PulseAudio's idle null sink takes up to ~2 s to clock). */
  firstAudioTimeoutMs: 6000,
  /**
   * PortAudio callback granularity asked of the capture worker: 20 ms is one delivered frame, short enough
   * that push-to-talk feels instant, long enough that the worker is not woken 100s of times a second.
   */
  captureBufferMs: 20,
  /**
   * Longest wait for the capture worker to list devices or open one. PortAudio probes every ALSA/JACK
   * backend on start; on a loaded machine with Bluetooth headsets that can take several seconds.
   */
  captureStartTimeoutMs: 15_000,
  /** Stopping waits this long for the worker to release the device before killing it (quit can hang in drivers). */
  captureStopTimeoutMs: 1_500,
  /** How often the stall watchdog looks for audio: fine enough to catch deviceStallMs within a quarter second. */
  captureWatchdogMs: 250,
  /**
   * naudiodon's queue of undelivered buffers in the worker (64 × 20 ms ≈ 1.3 s): rides out a busy event
   * loop without dropping audio; beyond that the stall watchdog is the right answer anyway.
   */
  captureMaxQueue: 64,
  /** The worker exits this long after asking PortAudio to quit, in case quit never calls back. */
  captureQuitGraceMs: 500,
  /**
   * After stop, the worker still pipes audio this long (the buffer being filled and any queued ones:
   * three buffer periods), then ends the audio pipe; stop() resolves then, not when PortAudio's quit
   * returns, which took ~600 ms here (Pa_Terminate through ALSA's pulse plugin) while the user waits for
   * the final text. What comes after it is past the tail padding, so nothing said is cut.
   */
  captureFlushMs: 60,
  /**
   * Spool writes are batched to this much audio: 10× fewer syscalls than per-frame writes, and a tenth of
   * the ≤ 1 s loss budget (spoolSyncMs), so a crash still loses at most ~1.1 s.
   */
  spoolWriteBatchMs: 100,
  /**
   * Where the OS has no boot id (macOS, Windows), spools carry the boot time (now − uptime, in s). Clock
   * steps move it, so boot times this close count as the same boot. A reboot moves it by at least the
   * previous boot's uptime; only if that was under this do old spools fall back to the pid check.
   */
  bootTimeToleranceS: 60,
} as const;

/** Silero VAD v5 parameters (the names and defaults follow silero's get_speech_timestamps). */
export const VAD_DEFAULTS = {
  /** Silero v5 takes 512-sample windows at 16 kHz (32 ms) plus 64 samples of context. */
  windowSamples: 512,
  contextSamples: 64,
  /** Speech starts when the probability reaches this… */
  threshold: 0.5,
  /** …and ends when it stays below threshold - 0.15 for minSilenceMs (the hangover). */
  negativeThresholdOffset: 0.15,
  minSilenceMs: 300,
  /** Shorter bursts are dropped as clicks. */
  minSpeechMs: 250,
  /** Added on both sides of every segment so word onsets/offsets are kept. */
  speechPadMs: 100,
} as const;

// ---- CTC decoding and text (text) ----
/** CTC prefix beam search. Scores are natural-log probabilities; LM scores are converted from ARPA's log10. */
export const CTC_DECODING_DEFAULTS = {
  beamWidth: 16,
  /** Tokens below this log-probability in a frame are not tried as extensions (pyctcdecode's token_min_logp). */
  tokenMinLogProb: -5,
  /** Hypotheses further than this below the best one are dropped (pyctcdecode's beam_prune_logp). */
  beamPruneLogProb: -10,
  /** Weight of the word n-gram LM's ln-probability (shallow fusion "alpha"; pyctcdecode's default). */
  lmWeight: 0.5,
  /** Added per completed word when an LM is used ("beta"; pyctcdecode's default): offsets the LM's bias towards fewer words. */
  wordInsertionBonus: 1.5,
  /** log10 probability for a word missing from the LM when the ARPA has no <unk>. */
  unknownWordLog10Prob: -10,
  /**
   * Bonus per matched letter of a custom-vocabulary word, taken back if the word is not completed:
   * a 5-letter hotword gains 2.5 (×12 in probability), enough for a near-miss, not for a clear other word.
   */
  hotwordWeightPerLetter: 0.5,
} as const;

export const TEXT_DEFAULTS = {
  /** A silence this long between words is a phrase boundary for "scratch that" (words-level formatting). */
  phrasePauseSeconds: 0.6,
  /** Streaming partials: the last N recogniser words stay unstable (may still change on screen). */
  unstableWords: 2,
} as const;

// ---- Push-to-talk dictation (common/dictation/push-to-talk.ts, node/dictation/) ----
export const DICTATION_DEFAULTS = {
  /** Hold-to-talk cap: a key stuck down (or a forgotten toggle) ends the dictation here, the user is told,
   *  and everything said so far is transcribed and inserted. Generous: 10 minutes is a long paragraph. */
  maxHoldMs: 10 * 60_000,
  /** A hold-mode press released sooner than this is a tap (a slip, or a key used for something else):
   *  ignored and its audio dropped. 150 ms is shorter than any spoken word plus reaction time. */
  minTapMs: 150,
  /** Capture keeps running this long after release so the last word is not clipped. */
  tailPaddingMs: 300,
  /** X11 key auto-repeat may arrive as release + press pairs; a press this soon after a release of the
   *  same key is the repeat, not a new press. X servers repeat every 25-40 ms. */
  autoRepeatGapMs: 60,
  /** Text is inserted only after the user's modifiers are up (they would turn Ctrl+V into another
   *  shortcut); waited at most this long, then inserted anyway with the modifiers cleared. */
  modifierReleaseTimeoutMs: 2_000,
  /** Longest wait for the target app to read the pasted text off the clipboard before the previous
   *  clipboard is restored regardless (an app that never reads it). Generous: a busy machine's browser
   *  can take over a second to ask, and a restore before it asks loses the paste. */
  clipboardReadTimeoutMs: 3_000,
  /** Some apps read a paste in several requests (Chromium: two); the read is over once no request has
   *  come for this long after one. Requests of one paste arrive within a few ms of each other. */
  clipboardSettleMs: 150,
  /** A dictation into the same window this soon after the previous one continues it (space, no new
   *  sentence capital when the previous one ended mid-sentence); later, the caret may have moved. */
  continueWithinMs: 2 * 60_000,
  /** Hotkey in the CLI and the app unless configured (a uiohook key name, or modifiers + key joined by
   *  '+'). A global hook sees keys without taking them from the focused app, so a hold of Ctrl+Alt+Space
   *  would also type into a terminal; a lone Right Ctrl types nothing anywhere. */
  hotkey: 'CtrlRight',
} as const;

// ---- Live dictation (dictation/live-runner.ts) ----
export const LIVE_DEFAULTS = {
  /** A partial text every this many ms while listening: often enough to look live, rare enough to leave CPU;
   *  70 ms below the 250 ms cadence promise, for timers that fire late on a busy machine. */
  stepMs: 180,
  /**
   * Utterances up to this long are re-run whole at every step, and their final text is exactly the
   * file pipeline's (one window, normalised as a whole). Past it only a trailing window is re-run.
   * Kept short: the final pass after release costs one run of at most this much audio (~75 ms on
   * sew-d-tiny, 2 threads), the release → final budget being 100 ms.
   */
  windowSeconds: 4,
  /** Audio before the unsettled frames that each trailing run re-reads as context (dropped from its output). */
  leftContextSeconds: 1.5,
  /**
   * Frames at least this far behind the newest audio are settled: taken from the run that had this
   * much audio after them and never recomputed. The unsettled tail is what the next runs may revise.
   */
  settleSeconds: 1,
  /**
   * The release step (run once when the key is released, while the tail is still captured) settles all
   * but this much: those frames had this much speech after them, as the utterance's last words have. The
   * final pass after the tail then re-reads context + this + the tail (~2.1 s), not context + settle lag
   * + the tail (~2.9 s).
   */
  releaseSettleSeconds: 0.3,
} as const;

if (PROVIDER_DEFAULTS.relativeTolerance <= 0 || PROVIDER_DEFAULTS.frameAgreement > 1)
  throw new Error('PROVIDER_DEFAULTS: a tolerance must be positive and an agreement share at most 1');
// ---- Transcript library, editor and subtitles (storage, transcript-edit, export) ----
export const LIBRARY_DEFAULTS = {
  /** Days a dictation's audio is kept beside its transcript; null keeps it for ever (nothing is deleted unasked). */
  recordingRetentionDays: null as number | null,
  /** Deleted transcripts stay restorable ("undo", the trash) this many days before they are purged. */
  trashDays: 30,
  /** History pages. */
  pageSize: 50,
  /** Search pages: each hit's snippet costs a pass over its document (~0.2 ms), so fewer per page. */
  searchPageSize: 20,
  /** Words of context on each side of a search hit in its snippet (FTS5 snippet's token count). */
  snippetTokens: 12,
} as const;

export const EDITOR_DEFAULTS = {
  /** A silence this long between two words starts a new paragraph. */
  paragraphPauseSeconds: 2,
  /** Words whose confidence is below this are marked for review. */
  lowConfidence: 0.5,
} as const;

/** Subtitle cues as subtitle editors (Subtitle Edit, Netflix's style guide) make them. */
export const SUBTITLE_DEFAULTS = {
  maxCharsPerLine: 42,
  maxLines: 2,
  maxCueSeconds: 7,
  /** A silence this long ends a cue even when more would fit. */
  cuePauseSeconds: 1,
} as const;

if (SAMPLE_RATE % FRAME_SAMPLES !== 0) throw new Error('FRAME_SAMPLES must divide SAMPLE_RATE');
if (2 * WINDOW_DEFAULTS.contextSeconds + WINDOW_DEFAULTS.cutSearchSeconds >= WINDOW_DEFAULTS.maxWindowSeconds) {
  throw new Error('WINDOW_DEFAULTS: a window must keep some frames after both contexts and the cut search');
}
if (DICTATION_DEFAULTS.minTapMs >= DICTATION_DEFAULTS.maxHoldMs) {
  throw new Error('DICTATION_DEFAULTS: a tap must be shorter than the longest hold');
}
if (DICTATION_DEFAULTS.autoRepeatGapMs + AUDIO_DEFAULTS.captureFlushMs >= DICTATION_DEFAULTS.tailPaddingMs) {
  throw new Error('DICTATION_DEFAULTS: an auto-repeat press must arrive while the tail is still being captured');
}
if (
  !(LIVE_DEFAULTS.stepMs > 0 && LIVE_DEFAULTS.settleSeconds > 0 && LIVE_DEFAULTS.leftContextSeconds >= 0) ||
  !(LIVE_DEFAULTS.releaseSettleSeconds > 0 && LIVE_DEFAULTS.releaseSettleSeconds <= LIVE_DEFAULTS.settleSeconds) ||
  // A steady-state trailing run (context + settle lag + one step) must fit the live window, and that
  // window one model window, or live runs would cost more than the file pipeline's.
  LIVE_DEFAULTS.leftContextSeconds + LIVE_DEFAULTS.settleSeconds + LIVE_DEFAULTS.stepMs / 1000 >
    LIVE_DEFAULTS.windowSeconds ||
  LIVE_DEFAULTS.windowSeconds > WINDOW_DEFAULTS.maxWindowSeconds
) {
  throw new Error('LIVE_DEFAULTS: steps and settling must be positive and a trailing run must fit the live window');
}
if (EDITOR_DEFAULTS.paragraphPauseSeconds <= TEXT_DEFAULTS.phrasePauseSeconds) {
  throw new Error('EDITOR_DEFAULTS: a paragraph pause must be longer than a phrase pause');
}
if (SUBTITLE_DEFAULTS.maxCharsPerLine < 20 || SUBTITLE_DEFAULTS.maxLines < 1 || SUBTITLE_DEFAULTS.maxCueSeconds <= 1) {
  throw new Error('SUBTITLE_DEFAULTS: cues need room for a few words and at least a second');
}
