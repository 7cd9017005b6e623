/**
 * Reads a PyTorch `pytorch_model.bin` state dict (torch.save's zip format) into a TensorMap, through
 * the restricted unpickler (pickle.ts): tensors are rebuilt from the archive's raw storages, and any
 * global other than the few a state dict needs is refused by name.
 *
 *   const tensors = await readTorchBin('/models/sew-d-tiny/pytorch_model.bin');
 *   tensors.get('lm_head.weight'); // { shape: [32, 384], data: Float32Array }
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { unzipSync } from 'fflate';
import { VerbaError } from '../../common/result.ts';
import type { Tensor, TensorMap } from './tensor-map.ts';
import { readFloat16 } from './float16.ts';
import { Global, type PickleValue, unpickle } from './pickle.ts';

type StorageDtype = 'float32' | 'float16' | 'bfloat16' | 'float64';
const STORAGE_TYPES: Record<string, StorageDtype> = {
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  DoubleStorage: 'float64',
};
const BYTES: Record<StorageDtype, number> = { float32: 4, float16: 2, bfloat16: 2, float64: 8 };

/** The only callables a state dict pickle may name. Everything else is refused, never resolved. */
const ALLOWED_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...Object.keys(STORAGE_TYPES).map((s) => `torch.${s}`),
]);

class Storage {
  readonly dtype: StorageDtype;
  readonly bytes: Uint8Array;
  readonly numel: number;
  constructor(dtype: StorageDtype, bytes: Uint8Array, numel: number) {
    this.dtype = dtype;
    this.bytes = bytes;
    this.numel = numel;
  }
}
type Value = PickleValue<Storage | Tensor>;

const bad = (file: string, why: string) =>
  new VerbaError('CorruptCheckpoint', `${file} is not a readable PyTorch state dict: ${why}.`);

export async function readTorchBin(path: string): Promise<TensorMap> {
  return parseTorchBin(new Uint8Array(await readFile(path)), basename(path));
}

/** Parses the bytes of a torch.save zip archive; `file` only names the source in errors. */
export function parseTorchBin(bytes: Uint8Array, file = 'pytorch_model.bin'): TensorMap {
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!isZip) {
    if (bytes[0] === 0x80) {
      throw new VerbaError(
        'UnsupportedCheckpoint',
        `${file} uses PyTorch's legacy (pre-1.6, non-zip) format, which Verba does not read; use the model.safetensors of the checkpoint or re-save it with a current torch.save.`,
      );
    }
    throw bad(file, 'it is not a zip archive');
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw bad(
      file,
      `the zip archive is damaged or truncated (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const pklName = Object.keys(entries).find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pklName === undefined) throw bad(file, 'the archive has no data.pkl');
  const prefix = pklName.slice(0, -'data.pkl'.length);
  const byteorder = entries[`${prefix}byteorder`];
  if (byteorder !== undefined && new TextDecoder().decode(byteorder).trim() !== 'little') {
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `${file} was saved on a big-endian machine, which Verba does not read.`,
    );
  }
  const root = unpickle<Storage | Tensor>(entries[pklName]!, file, {
    allowed: ALLOWED_GLOBALS,
    call: (qualified, args) => call(qualified, args, file),
    persistentLoad: (pid) => loadStorage(pid, entries, prefix, file),
    error: bad,
  });
  if (!(root instanceof Map)) throw bad(file, 'the pickle does not hold a dictionary of tensors');
  const out: TensorMap = new Map();
  for (const [name, value] of root) {
    if (typeof name !== 'string' || !isTensor(value)) throw bad(file, `entry ${String(name)} is not a tensor`);
    out.set(name, value);
  }
  return out;
}

function isTensor(v: unknown): v is Tensor {
  return (
    typeof v === 'object' && v !== null && 'shape' in v && 'data' in v && (v as Tensor).data instanceof Float32Array
  );
}

/** torch's persistent id: ('storage', <storage type>, key, location, numel). */
function loadStorage(pid: Value, entries: Record<string, Uint8Array>, prefix: string, file: string): Storage {
  if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length !== 5)
    throw bad(file, 'a persistent id is not a storage reference');
  const [, type, key, , numel] = pid;
  if (!(type instanceof Global)) throw bad(file, 'a storage reference has no storage type');
  const dtype = STORAGE_TYPES[type.qualified.replace(/^torch\./, '')];
  if (dtype === undefined)
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `${file} holds ${type.qualified} tensors; Verba reads float32, float16, bfloat16 and float64 weights only.`,
    );
  const data = entries[`${prefix}data/${String(key)}`];
  const count = Number(numel);
  if (data === undefined) throw bad(file, `storage ${String(key)} is missing from the archive`);
  if (data.length < count * BYTES[dtype])
    throw bad(file, `storage ${String(key)} is shorter than its ${count} elements`);
  return new Storage(dtype, data, count);
}

function element(storage: Storage, view: DataView, i: number): number {
  switch (storage.dtype) {
    case 'float32':
      return view.getFloat32(i * 4, true);
    case 'float64':
      return view.getFloat64(i * 8, true);
    case 'float16':
      return readFloat16(view, i * 2);
    case 'bfloat16':
      // bfloat16 is the top half of a float32.
      return new Float32Array(new Uint32Array([view.getUint16(i * 2, true) << 16]).buffer)[0]!;
  }
}

/** Copies a strided view of a storage into a contiguous row-major float32 tensor. */
function rebuildTensor(args: Value[], file: string): Tensor {
  const [storage, offsetValue, sizeValue, strideValue] = args;
  if (!(storage instanceof Storage)) throw bad(file, 'a tensor has no storage');
  const shape = (sizeValue as Value[]).map(Number);
  const stride = (strideValue as Value[]).map(Number);
  const offset = Number(offsetValue);
  if (shape.length !== stride.length || shape.some((d) => !Number.isInteger(d) || d < 0))
    throw bad(file, 'a tensor has an invalid shape');
  const count = shape.reduce((a, b) => a * b, 1);
  // A state dict's tensors own their elements; a broadcast view (stride 0) claiming more than its storage
  // holds is how a few bytes would ask for gigabytes.
  if (count > storage.numel) throw bad(file, 'a tensor claims more elements than its storage holds');
  const data = new Float32Array(count);
  if (count > 0) {
    let last = offset;
    for (let d = 0; d < shape.length; d++) last += (shape[d]! - 1) * stride[d]!;
    if (offset < 0 || last >= storage.numel) throw bad(file, 'a tensor reaches past the end of its storage');
  }
  const view = new DataView(storage.bytes.buffer, storage.bytes.byteOffset, storage.bytes.byteLength);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < count; i++) {
    let at = offset;
    for (let d = 0; d < shape.length; d++) at += index[d]! * stride[d]!;
    data[i] = element(storage, view, at);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return { shape, data };
}

function call(qualified: string, args: Value[], file: string): Value {
  switch (qualified) {
    case 'collections.OrderedDict':
      return new Map();
    case 'torch._utils._rebuild_tensor_v2':
      return rebuildTensor(args, file);
    case 'torch._utils._rebuild_parameter':
      return args[0] ?? null;
    default:
      throw bad(file, `${qualified} cannot be called`);
  }
}
