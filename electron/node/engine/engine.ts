/**
 * A model opened the way the user chose in Settings → Models → Processor: on a provider ('auto' tries
 * the platform's accelerators, verified against the CPU, then the CPU) in a numeric variant ('auto'
 * takes the one that suits the provider it really runs on: int8 on the CPU, fp16 on a GPU).
 *
 *   const { recognizer, fallbackReason } = await openEngine('/models/sew-d-tiny', { device: 'auto', variant: 'auto' });
 *   const report = await measureEngine(recognizer, fallbackReason);   // Settings: "cpu · int8 · 65× real time"
 *
 * A variant is converted from the model's checkpoint on first use (cached beside the fp32 one). A
 * folder that holds only a converted model runs in the variant it holds, and the reason says so.
 */
import { type EngineChoice, type EngineReport, suitedVariant } from '../../common/engine-choice.ts';
import { VerbaError } from '../../common/result.ts';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { SILERO_VAD_MODEL } from '../audio/vad.ts';
import { type ModelVariant, variantOf } from '../convert/manifest.ts';
import { resolveModel, type ResolvedModel } from '../models/model-store.ts';
import { type Device, probeAccelerator } from '../onnx/ort.ts';
import { Recognizer, voicedSignal } from './recognizer.ts';

export interface OpenedEngine {
  recognizer: Recognizer;
  /** Why the provider or variant running is not the one chosen (or what 'auto' skipped); null otherwise. */
  fallbackReason: string | null;
}

export interface OpenEngineOptions {
  threads?: number;
  /** One-line notices (conversion progress) for the caller to show. */
  notice?: (line: string) => void;
  /**
   * A variant the folder cannot give is an error (ModelVariantMismatch), not a fallback to the one it
   * holds: the CLI's --variant is a demand, the app's precision a preference.
   */
  strictVariant?: boolean;
}

/**
 * The model folder holding `variant` (any, when absent). A converted folder of another variant is taken
 * as it is, with why, unless `strictVariant`.
 */
async function resolveVariant(
  model: string | undefined,
  variant: ModelVariant | undefined,
  options: OpenEngineOptions,
): Promise<{ resolved: ResolvedModel; reason: string | null }> {
  const progress = options.notice ? { progress: options.notice } : {};
  try {
    return { resolved: await resolveModel(model, { ...progress, ...(variant ? { variant } : {}) }), reason: null };
  } catch (error) {
    const mismatch = error instanceof VerbaError && error.code === 'ModelVariantMismatch';
    if (!mismatch || options.strictVariant === true) throw error;
    return {
      resolved: await resolveModel(model),
      reason: `${variant} is not available: this model folder holds a converted model only, without its checkpoint`,
    };
  }
}

/** A processor choice; without a variant, the model runs in the variant its folder holds (the CLI's default). */
export interface EngineRequest {
  device: EngineChoice['device'];
  variant?: EngineChoice['variant'];
}

/**
 * The one way a model is opened for inference: the app's Processor choice, or the CLI's --device and
 * --variant. A model folder as given when no variant is asked for.
 */
export async function openEngine(
  model: string | undefined,
  choice: EngineRequest,
  options: OpenEngineOptions = {},
): Promise<OpenedEngine> {
  const reasons: string[] = [];
  // Accelerators are asked first (cheaply, on the VAD model): 'auto' the platform's, an explicit one
  // itself, so a machine without it neither converts a GPU variant nor loads one on the CPU.
  let device: Device = 'cpu';
  if (choice.device !== 'cpu') {
    const probe = await probeAccelerator(SILERO_VAD_MODEL, choice.device === 'auto' ? undefined : [choice.device]);
    device = probe.device ?? 'cpu';
    reasons.push(...probe.reasons);
  }
  const open = async (provider: Device, variant: ModelVariant | undefined) => {
    const { resolved, reason } = await resolveVariant(model, variant, options);
    if (reason !== null) reasons.push(reason);
    return Recognizer.open(resolved.dir, {
      device: provider,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      name: resolved.name,
    });
  };
  const wanted = choice.variant === 'auto' ? suitedVariant(device) : choice.variant;
  let recognizer = await open(device, wanted);
  if (recognizer.fallbackReason !== null) reasons.push(recognizer.fallbackReason);
  // The accelerator failed its warm-up (or to open): the CPU runs the model, in the CPU's variant.
  if (choice.variant === 'auto' && recognizer.device === 'cpu' && variantOf(recognizer.info) !== suitedVariant('cpu')) {
    await recognizer.release();
    recognizer = await open('cpu', suitedVariant('cpu'));
  }
  return { recognizer, fallbackReason: reasons.length > 0 ? reasons.join('; ') : null };
}

/** Seconds of audio the speed measurement runs: the file path's typical window. */
const MEASURE_SECONDS = 10;

/** Times the model on 10 s of a voiced signal: one run to warm it, then the faster of two. */
export async function measureEngine(recognizer: Recognizer, fallbackReason: string | null): Promise<EngineReport> {
  const pcm = { samples: voicedSignal(MEASURE_SECONDS), sampleRate: SAMPLE_RATE };
  await recognizer.logits(pcm);
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    await recognizer.logits(pcm);
    best = Math.min(best, performance.now() - t0);
  }
  const ms = Math.round(best);
  return {
    model: recognizer.name,
    provider: recognizer.device,
    variant: variantOf(recognizer.info),
    fallbackReason,
    audioSeconds: MEASURE_SECONDS,
    ms,
    realTime: Math.round((MEASURE_SECONDS * 1000) / Math.max(1, ms)),
    threads: recognizer.threads,
  };
}
