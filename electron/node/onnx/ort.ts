/**
 * The one module that imports onnxruntime-node: session creation with provider fallback, serialised
 * runs, release. Everything else speaks plain typed arrays.
 *
 *   const model = await openSession('/models/sew-d/model.onnx', { device: 'auto' });
 *   const out = await model.run({ input_values: f32(input, [1, n]) });
 *   await model.release();
 */
import * as ort from 'onnxruntime-node';
import { VerbaError } from '../../common/result.ts';
import { INFERENCE_DEFAULTS } from '../../common/defaults.ts';

export type DeviceRequest = 'auto' | 'cpu' | 'webgpu' | 'cuda' | 'dml' | 'coreml';
export const DEVICE_REQUESTS: readonly DeviceRequest[] = ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'];

export interface SessionOptions {
  device?: DeviceRequest;
  /** Intra-op threads; 0 or undefined lets onnxruntime decide. */
  threads?: number;
  /** Intra-op workers spin while waiting for work (onnxruntime's default, faster); false makes them sleep. */
  spinning?: boolean;
  /** Write an onnxruntime profile (JSON) with this file prefix. */
  profilePrefix?: string;
}

export interface NamedTensor {
  type: 'float32' | 'int64' | 'int32' | 'bool';
  dims: readonly number[];
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

export interface OnnxSession {
  /** The provider actually used ('cpu', 'webgpu', …). */
  readonly device: Exclude<DeviceRequest, 'auto'>;
  /** Why a requested accelerator was not used, when it was not. */
  readonly fallbackReason: string | null;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs are queued: onnxruntime sessions are not re-entrant for our use and memory stays bounded. */
  run(feeds: Record<string, NamedTensor>): Promise<Record<string, NamedTensor>>;
  /** Ends profiling (if enabled) and returns the profile file path. */
  endProfiling(): string | null;
  release(): Promise<void>;
}

export const f32 = (data: Float32Array, dims: readonly number[]): NamedTensor => ({ type: 'float32', dims, data });

/** Accelerators worth trying for 'auto' on this platform, best first. */
function autoCandidates(): Exclude<DeviceRequest, 'auto'>[] {
  const backends = new Set(ort.listSupportedBackends().map((b) => b.name));
  const order: Exclude<DeviceRequest, 'auto'>[] =
    process.platform === 'darwin'
      ? ['coreml', 'webgpu']
      : process.platform === 'win32'
        ? ['dml', 'webgpu']
        : ['cuda', 'webgpu'];
  return order.filter((d) => backends.has(d));
}

async function create(modelPath: string, device: Exclude<DeviceRequest, 'auto'>, options: SessionOptions) {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [device],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: options.threads ?? INFERENCE_DEFAULTS.intraOpThreads,
    enableProfiling: options.profilePrefix !== undefined,
    // Spinning workers pick up the next parallel section without a wake-up: measured ~9% faster on a
    // 30 s window. They park shortly after a run ends, so a session that is not running costs nothing.
    extra: { session: { intra_op: { allow_spinning: options.spinning === false ? '0' : '1' } } },
    ...(options.profilePrefix !== undefined ? { profileFilePrefix: options.profilePrefix } : {}),
  };
  return ort.InferenceSession.create(modelPath, sessionOptions);
}

function describe(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
  // onnxruntime prefixes the reason with the path again and the C++ source location and signature.
  return line
    .replace(/^Load model from .* failed:/, '')
    .replace(/\/?onnxruntime_src\/\S+:\d+ [^(]*\([^)]*\)\s*/g, '')
    .replace(/[.\s]+$/, '');
}

export async function openSession(modelPath: string, options: SessionOptions = {}): Promise<OnnxSession> {
  const request = options.device ?? 'cpu';
  const tries: Exclude<DeviceRequest, 'auto'>[] =
    request === 'auto' ? [...autoCandidates(), 'cpu'] : request === 'cpu' ? ['cpu'] : [request, 'cpu'];
  const failures: string[] = [];
  for (const device of tries) {
    try {
      const session = await create(modelPath, device, options);
      return wrap(session, device, failures.length > 0 ? failures.join('; ') : null);
    } catch (error) {
      if (device === 'cpu') {
        throw new VerbaError(
          'ModelLoadFailed',
          `The model file ${modelPath} could not be loaded: ${describe(error)}.`,
          { cause: error },
        );
      }
      failures.push(`${device} unavailable (${describe(error)})`);
    }
  }
  throw new VerbaError('ModelLoadFailed', `No execution provider could load ${modelPath}.`);
}

let liveSessions = 0;
/** Sessions opened and not yet released: lets tests (and diagnostics) see a leaked native session. */
export const openSessionCount = (): number => liveSessions;

function wrap(
  session: ort.InferenceSession,
  device: Exclude<DeviceRequest, 'auto'>,
  fallbackReason: string | null,
): OnnxSession {
  let queue: Promise<unknown> = Promise.resolve();
  let released = false;
  liveSessions++;
  return {
    device,
    fallbackReason,
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
