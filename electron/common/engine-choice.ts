/**
 * The processor a model runs on and its numeric precision (Settings → Models → Processor): the user's
 * choice, kept beside the model choice, and what the inference host reports it actually ran.
 *
 *   const choice: EngineChoice = { device: 'auto', variant: 'auto' };   // the default
 *   suitedVariant('cpu');     // 'int8': weight-quantised MatMuls, same error rate, ~1.4× faster here
 *   suitedVariant('webgpu');  // 'fp16': half the memory traffic on a GPU
 */
import * as v from 'valibot';

/** 'auto' tries the platform's accelerators (verified against the CPU) and falls back to the CPU. */
export const ENGINE_DEVICES = ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const;
export type EngineDevice = (typeof ENGINE_DEVICES)[number];

/** 'auto' takes the variant that suits the provider the model really runs on. */
export const ENGINE_VARIANTS = ['auto', 'fp32', 'int8', 'fp16'] as const;
export type EngineVariant = (typeof ENGINE_VARIANTS)[number];

export interface EngineChoice {
  device: EngineDevice;
  variant: EngineVariant;
}

export const DEFAULT_ENGINE_CHOICE: EngineChoice = { device: 'auto', variant: 'auto' };

/** A converted model's numeric variant: a precision other than 'auto'. */
export type ModelVariant = Exclude<EngineVariant, 'auto'>;

/** The variant that suits a provider: int8 on the CPU, fp16 on a GPU. */
export const suitedVariant = (provider: string): ModelVariant => (provider === 'cpu' ? 'int8' : 'fp16');

/** The choice as the IPC contract and the host contract accept it (no other keys). */
export const engineChoice = v.strictObject({
  device: v.picklist(ENGINE_DEVICES, 'must be auto, cpu, webgpu, cuda, dml or coreml'),
  variant: v.picklist(ENGINE_VARIANTS, 'must be auto, fp32, int8 or fp16'),
});

export const isEngineChoice = (value: unknown): value is EngineChoice => v.is(engineChoice, value);

/** What a model measured on the provider it runs on (Settings shows it beside the choice). */
export interface EngineReport {
  /** The model's display name. */
  model: string;
  /** The execution provider that runs it ('cpu', 'webgpu', …). */
  provider: string;
  /** The numeric variant loaded ('fp32', 'int8', 'fp16'). */
  variant: string;
  /** Why the chosen accelerator or precision is not the one running; null when it is. */
  fallbackReason: string | null;
  /** Seconds of audio in the timed run, and its time (the faster of two warm runs). */
  audioSeconds: number;
  ms: number;
  /** audioSeconds / (ms / 1000): how many times faster than real time. */
  realTime: number;
  /** onnxruntime intra-op threads. */
  threads: number;
}
