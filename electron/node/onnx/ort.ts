/**
 * The one module that imports onnxruntime-node: session creation with provider choice, a verified
 * warm-up and fallback with the reason, serialised runs, release. Everything else speaks plain typed arrays.
 *
 *   const model = await openSession('/models/sew-d/model.onnx', { device: 'auto', verify: { feeds, output: 'logits' } });
 *   model.device; model.fallbackReason; model.warmup;   // what ran, why not the accelerator, how fast
 *   const out = await model.run({ input_values: f32(input, [1, n]) });
 *   await model.release();
 *
 * 'auto' tries, per platform: macOS coreml → webgpu → cpu; Windows dml → webgpu → cpu; Linux cuda
 * (when its provider libraries are installed) → webgpu → cpu. With `verify`, an accelerator is kept
 * only if its warm-up logits match a CPU run of the same input (PROVIDER_DEFAULTS states the bound);
 * the warm-up also compiles WebGPU's shaders, so the user's first window does not pay for them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { ENGINE_DEVICES, type EngineDevice } from '../../common/engine-choice.ts';
import { VerbaError } from '../../common/result.ts';
import { INFERENCE_DEFAULTS, PROVIDER_DEFAULTS } from '../../common/defaults.ts';
import { compareLogits } from './logits-agreement.ts';

/** The processor choices (Settings → Models → Processor and `--device`): one list for both. */
export type DeviceRequest = EngineDevice;
export type Device = Exclude<DeviceRequest, 'auto'>;
export const DEVICE_REQUESTS: readonly DeviceRequest[] = ENGINE_DEVICES;

/** A warm-up input and the output to compare between an accelerator and the CPU ([…, classes] float32). */
export interface WarmupCheck {
  feeds: Record<string, NamedTensor>;
  output: string;
}

export interface SessionOptions {
  device?: DeviceRequest;
  /** Intra-op threads; 0 or undefined lets onnxruntime decide (or, with leaveCoresFree, cores − reserved). */
  threads?: number;
  /** Desktop app: leave INFERENCE_DEFAULTS.desktopReservedCores cores to audio capture and the UI. */
  leaveCoresFree?: boolean;
  /** Intra-op workers spin while waiting for work (onnxruntime's default, faster); false makes them sleep. */
  spinning?: boolean;
  /** Write an onnxruntime profile (JSON) with this file prefix. */
  profilePrefix?: string;
  /** Run this warm-up after load; on an accelerator, keep it only if it agrees with the CPU. */
  verify?: WarmupCheck;
}

export interface NamedTensor {
  type: 'float32' | 'int64' | 'int32' | 'bool';
  dims: readonly number[];
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

/** What the warm-up measured (Settings shows it next to the active provider). */
export interface WarmupReport {
  /** First run (includes WebGPU shader compilation) and a second, warm run, ms. */
  firstRunMs: number;
  runMs: number;
  /** The CPU's run of the same input when an accelerator was verified against it, ms. */
  cpuRunMs: number | null;
  /** Largest |logit − CPU logit| and the bound it was held to (null on the CPU itself). */
  maxDifference: number | null;
  bound: number | null;
  frameAgreement: number | null;
}

export interface OnnxSession {
  /** The provider actually used ('cpu', 'webgpu', …). */
  readonly device: Device;
  /** Why a requested accelerator was not used, when it was not. */
  readonly fallbackReason: string | null;
  readonly warmup: WarmupReport | null;
  /** The intra-op threads asked for (this machine's cores where onnxruntime was left to choose). */
  readonly threads: number;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs are queued: onnxruntime sessions are not re-entrant for our use and memory stays bounded. */
  run(feeds: Record<string, NamedTensor>): Promise<Record<string, NamedTensor>>;
  /** Ends profiling (if enabled) and returns the profile file path. */
  endProfiling(): string | null;
  release(): Promise<void>;
}

/**
 * Test hooks (tests only): make a provider fail to create, stand in for an accelerator with the CPU
 * provider underneath (so a machine without a GPU can exercise the verification), or shift an
 * accelerator's warm-up logits as a broken kernel would.
 */
export const providerTestHooks: { failCreate?: Device[]; standIn?: Device[]; corruptWarmup?: Device[] } = {};

export const f32 = (data: Float32Array, dims: readonly number[]): NamedTensor => ({ type: 'float32', dims, data });

// Not named `require`: the Electron bundle declares its own `require` shim in the same scope.
const resolveFromHere = createRequire(import.meta.url);

/** onnxruntime-node's native folder, where its optional CUDA provider libraries are installed. */
function nativeDir(): string {
  return join(
    dirname(resolveFromHere.resolve('onnxruntime-node/package.json')),
    'bin',
    'napi-v6',
    process.platform,
    process.arch,
  );
}

/** True when onnxruntime-node's CUDA provider library is installed (DEVELOPERS.md: how to install it). */
export const cudaLibrariesPresent = (): boolean =>
  existsSync(
    join(
      nativeDir(),
      process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so',
    ),
  );

/**
 * Where Vulkan loaders look for driver manifests (ICD files) on Linux: the loader's own search in its
 * order, then the places distributions patch in (NixOS's /run/opengl-driver, Flatpak's GL extensions
 * under /usr/lib/<arch>/GL; `*` matches one folder). VK_DRIVER_FILES / VK_ICD_FILENAMES (files or
 * folders) replace the search, as they do for the loader: the way to point Verba at a driver elsewhere.
 */
export function vulkanDriverPaths(env: NodeJS.ProcessEnv = process.env): { paths: string[]; override: boolean } {
  const list = (value: string | undefined, fallback: string) => (value || fallback).split(':').filter(Boolean);
  const override = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  if (override) return { paths: list(override, ''), override: true };
  // Without HOME the per-user folders are unknown (and must not become paths relative to the cwd).
  const home = env.HOME || null;
  const user = (variable: string | undefined, below: string) =>
    variable ? [join(variable, 'vulkan/icd.d')] : home === null ? [] : [join(home, below, 'vulkan/icd.d')];
  return {
    paths: [
      ...list(env.VK_ADD_DRIVER_FILES, ''),
      ...user(env.XDG_CONFIG_HOME, '.config'),
      ...list(env.XDG_CONFIG_DIRS, '/etc/xdg').map((d) => join(d, 'vulkan/icd.d')),
      '/usr/local/etc/vulkan/icd.d',
      '/etc/vulkan/icd.d',
      ...user(env.XDG_DATA_HOME, '.local/share'),
      ...list(env.XDG_DATA_DIRS, '/usr/local/share:/usr/share').map((d) => join(d, 'vulkan/icd.d')),
      '/usr/share/vulkan/icd.d',
      '/run/opengl-driver/share/vulkan/icd.d',
      '/usr/lib/*/GL/vulkan/icd.d',
    ],
    override: false,
  };
}

/** True when some Vulkan driver manifest exists, so WebGPU (Dawn over Vulkan) can find an adapter at all. */
export function vulkanDriverPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  const manifestAt = (path: string): boolean => {
    try {
      return statSync(path).isDirectory() ? readdirSync(path).some((f) => f.endsWith('.json')) : true;
    } catch {
      return false;
    }
  };
  return vulkanDriverPaths(env).paths.some((path) => {
    const star = path.indexOf('/*/');
    if (star < 0) return manifestAt(path);
    const parent = path.slice(0, star);
    const rest = path.slice(star + 3);
    try {
      return readdirSync(parent).some((d) => manifestAt(join(parent, d, rest)));
    } catch {
      return false;
    }
  });
}

/** Accelerators worth trying for 'auto' on this platform, best first. */
export function autoCandidates(platform: NodeJS.Platform = process.platform): Device[] {
  const backends = new Set(ort.listSupportedBackends().map((b) => b.name));
  const order: Device[] =
    platform === 'darwin' ? ['coreml', 'webgpu'] : platform === 'win32' ? ['dml', 'webgpu'] : ['cuda', 'webgpu'];
  return order.filter((d) => backends.has(d) && (d !== 'cuda' || cudaLibrariesPresent()));
}

/**
 * The first of `devices` (default: `auto`'s list) that can open a session at all, tried on a small model
 * (the VAD's): a machine without it learns so in milliseconds, before any variant is converted for it.
 * The real model is still verified against the CPU when it opens. Remembered for the process.
 */
export async function probeAccelerator(
  probeModel: string,
  devices: readonly Device[] = autoCandidates(),
): Promise<{ device: Device | null; reasons: string[] }> {
  const hooked = providerTestHooks.failCreate !== undefined || providerTestHooks.standIn !== undefined;
  const probe = async () => {
    const reasons: string[] = [];
    for (const device of devices) {
      try {
        const session = await create(probeModel, device, { threads: 1 });
        await session.release();
        return { device, reasons };
      } catch (error) {
        reasons.push(`${device} unavailable (${describe(error)})`);
      }
    }
    return { device: null, reasons };
  };
  if (hooked) return probe(); // tests change the hooks between cases: no memory
  const key = devices.join(',');
  let known = probed.get(key);
  if (known === undefined) probed.set(key, (known = probe()));
  return known;
}
const probed = new Map<string, Promise<{ device: Device | null; reasons: string[] }>>();

export function intraOpThreads(options: Pick<SessionOptions, 'threads' | 'leaveCoresFree'>): number {
  if (options.threads !== undefined && options.threads > 0) return options.threads;
  if (options.leaveCoresFree === true)
    return Math.max(1, availableParallelism() - INFERENCE_DEFAULTS.desktopReservedCores);
  return INFERENCE_DEFAULTS.intraOpThreads;
}

async function create(modelPath: string, device: Device, options: SessionOptions) {
  if (providerTestHooks.failCreate?.includes(device)) throw new Error(`${device} failed to create (test hook)`);
  if (device === 'cuda' && !cudaLibrariesPresent())
    throw new Error('the CUDA provider libraries are not installed (DEVELOPERS.md, "GPU providers")');
  const provider = providerTestHooks.standIn?.includes(device) ? 'cpu' : device;
  // Without a Vulkan driver Dawn can only fail, after printing its own warning to stderr: say why instead.
  if (provider === 'webgpu' && process.platform === 'linux' && !vulkanDriverPresent())
    throw new Error(
      'no WebGPU adapter: no Vulkan driver is installed; set VK_DRIVER_FILES if yours is where Vulkan loaders do not look',
    );
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: intraOpThreads(options),
    enableProfiling: options.profilePrefix !== undefined,
    // WebGPU outputs left on the GPU crashed getData in 1.30; CTC logits are small, so keep them on the CPU.
    preferredOutputLocation: 'cpu',
    // Spinning workers pick up the next parallel section without a wake-up: measured ~9% faster on a
    // 30 s window. They park shortly after a run ends, so a session that is not running costs nothing.
    extra: { session: { intra_op: { allow_spinning: options.spinning === false ? '0' : '1' } } },
    ...(options.profilePrefix !== undefined ? { profileFilePrefix: options.profilePrefix } : {}),
  };
  return ort.InferenceSession.create(modelPath, sessionOptions);
}

function describe(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
  // onnxruntime prefixes its C++ source location and check expression; the user needs the last clause.
  const adapter = /Failed to get a WebGPU adapter: (.*)$/.exec(line);
  if (adapter !== null) return `no WebGPU adapter: ${adapter[1]}`;
  // A load error repeats the path, then the C++ source location and signature.
  return line
    .replace(/^Load model from .* failed:/, '')
    .replace(/\/?onnxruntime_src\/\S+:\d+ [^(]*\([^)]*\)\s*/g, '')
    .replace(/^\/\S+:\d+ \S+ /, '')
    .replace(/[.\s]+$/, '');
}

async function timedRun(session: ort.InferenceSession, check: WarmupCheck) {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(check.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  const t0 = performance.now();
  const out = await session.run(feeds);
  const ms = Math.round(performance.now() - t0);
  const t = out[check.output];
  const result = t === undefined ? null : { data: Float32Array.from(t.data as Float32Array), dims: t.dims };
  for (const value of Object.values(out)) value.dispose();
  if (result === null) throw new Error(`the model has no output ${check.output}`);
  return { ...result, ms };
}

export async function openSession(modelPath: string, options: SessionOptions = {}): Promise<OnnxSession> {
  const request = options.device ?? 'cpu';
  const threads = intraOpThreads(options) || availableParallelism();
  const tries: Device[] =
    request === 'auto' ? [...autoCandidates(), 'cpu'] : request === 'cpu' ? ['cpu'] : [request, 'cpu'];
  const failures: string[] = [];
  let cpu: ort.InferenceSession | null = null;
  let cpuRun: Awaited<ReturnType<typeof timedRun>> | null = null;
  const cpuSession = async () => {
    try {
      cpu ??= await create(modelPath, 'cpu', options);
      return cpu;
    } catch (error) {
      throw new VerbaError('ModelLoadFailed', `The model file ${modelPath} could not be loaded: ${describe(error)}.`, {
        cause: error,
      });
    }
  };
  for (const device of tries) {
    if (device === 'cpu') break;
    let session: ort.InferenceSession | null = null;
    try {
      session = await create(modelPath, device, options);
      if (options.verify === undefined) return wrap(session, device, joined(failures), threads, null);
      const first = await timedRun(session, options.verify);
      const warm = await timedRun(session, options.verify);
      if (providerTestHooks.corruptWarmup?.includes(device))
        for (let i = 0; i < warm.data.length; i += 7) warm.data[i]! += 1;
      cpuRun ??= await timedRun(await cpuSession(), options.verify);
      const agreement = compareLogits(cpuRun.data, warm.data, cpuRun.dims.at(-1) ?? 1, PROVIDER_DEFAULTS);
      if (!agreement.ok) {
        failures.push(`${device} computed different logits from the CPU (${agreement.reason})`);
        await session.release();
        continue;
      }
      if (cpu !== null) await (cpu as ort.InferenceSession).release();
      return wrap(session, device, joined(failures), threads, {
        firstRunMs: first.ms,
        runMs: warm.ms,
        cpuRunMs: cpuRun.ms,
        maxDifference: agreement.maxDifference,
        bound: agreement.bound,
        frameAgreement: agreement.frameAgreement,
      });
    } catch (error) {
      if (error instanceof VerbaError) throw error;
      await session?.release().catch(() => undefined);
      failures.push(`${device} unavailable (${describe(error)})`);
    }
  }
  const session = await cpuSession();
  let warmup: WarmupReport | null = null;
  if (options.verify !== undefined) {
    const first = cpuRun ?? (await timedRun(session, options.verify));
    const warm = await timedRun(session, options.verify);
    warmup = {
      firstRunMs: first.ms,
      runMs: warm.ms,
      cpuRunMs: null,
      maxDifference: null,
      bound: null,
      frameAgreement: null,
    };
  }
  return wrap(session, 'cpu', joined(failures), threads, warmup);
}

const joined = (failures: string[]) => (failures.length > 0 ? failures.join('; ') : null);

let liveSessions = 0;
/** Sessions opened and not yet released: lets tests (and diagnostics) see a leaked native session. */
export const openSessionCount = (): number => liveSessions;

function wrap(
  session: ort.InferenceSession,
  device: Device,
  fallbackReason: string | null,
  threads: number,
  warmup: WarmupReport | null,
): OnnxSession {
  let queue: Promise<unknown> = Promise.resolve();
  let released = false;
  liveSessions++;
  return {
    device,
    fallbackReason,
    warmup,
    threads,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run(feeds) {
      if (released) return Promise.reject(new VerbaError('SessionReleased', 'The model was already unloaded.'));
      const next = queue.then(async () => {
        const ortFeeds: Record<string, ort.Tensor> = {};
        for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
        const results = await session.run(ortFeeds);
        const out: Record<string, NamedTensor> = {};
        for (const [name, t] of Object.entries(results)) {
          out[name] = { type: t.type as NamedTensor['type'], dims: t.dims, data: t.data as NamedTensor['data'] };
          t.dispose();
        }
        return out;
      });
      queue = next.catch(() => undefined);
      return next;
    },
    endProfiling() {
      const file = session.endProfiling() as unknown;
      return typeof file === 'string' && file.length > 0 ? file : null;
    },
    async release() {
      if (released) return;
      released = true;
      liveSessions--;
      await queue;
      await session.release();
    },
  };
}

/** Backends this build of onnxruntime-node ships (for `verba devices` and the About box). */
export function availableBackends(): string[] {
  return ort.listSupportedBackends().map((b) => b.name);
}

export const onnxRuntimeVersion = (): string => ort.env.versions.common ?? 'unknown';
