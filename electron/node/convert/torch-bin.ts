/**
 * Reads a PyTorch `pytorch_model.bin` state dict (torch.save's zip format) into a TensorMap, with a
 * restricted unpickler: it understands the opcodes a state dict uses and rebuilds tensors from the
 * archive's raw storages. It never imports or calls anything named by the pickle; any global other
 * than the few a state dict needs is refused by name.
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

// Values the unpickler builds. Tuples are kept apart from lists only where torch's layout needs it.
class Global {
  readonly qualified: string;
  constructor(qualified: string) {
    this.qualified = qualified;
  }
}
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
class Mark {}
type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Value[]
  | Map<unknown, Value>
  | Global
  | Storage
  | Tensor
  | Mark;

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
  const root = unpickle(entries[pklName]!, file, (pid) => loadStorage(pid, entries, prefix, file));
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

function call(fn: Value, args: Value, file: string): Value {
  if (!(fn instanceof Global) || !Array.isArray(args))
    throw bad(file, 'REDUCE applied to something that is not a global');
  switch (fn.qualified) {
    case 'collections.OrderedDict':
      return new Map();
    case 'torch._utils._rebuild_tensor_v2':
      return rebuildTensor(args, file);
    case 'torch._utils._rebuild_parameter':
      return args[0] ?? null;
    default:
      throw bad(file, `${fn.qualified} cannot be called`);
  }
}

/** A pickle virtual machine for protocols 2–4 limited to data opcodes plus GLOBAL/REDUCE on the allow-list. */
export function unpickle(bytes: Uint8Array, file: string, persistentLoad: (pid: Value) => Value): Value {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > bytes.length) throw bad(file, 'the pickle is truncated');
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => bytes[need(1)]!;
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const raw = (n: number) => bytes.subarray(need(n), pos);
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw bad(file, 'the pickle is truncated');
    const s = new TextDecoder().decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): Value => {
    if (stack.length === 0) throw bad(file, 'the pickle stack underflowed');
    return stack.pop()!;
  };
  const popMark = (): Value[] => {
    let i = stack.length - 1;
    while (i >= 0 && !(stack[i] instanceof Mark)) i--;
    if (i < 0) throw bad(file, 'the pickle has no MARK');
    const items = stack.splice(i + 1);
    stack.pop();
    return items;
  };
  const top = (): Value => {
    if (stack.length === 0) throw bad(file, 'the pickle stack underflowed');
    return stack[stack.length - 1]!;
  };
  const global = (module: string, name: string) => {
    const qualified = `${module}.${name}`;
    if (!ALLOWED_GLOBALS.has(qualified)) {
      throw new VerbaError(
        'UnsafeCheckpoint',
        `${file} refers to ${qualified}, which a plain state dict never contains, so Verba refuses to load it.`,
      );
    }
    stack.push(new Global(qualified));
  };
  const setItems = (dict: Value, items: Value[]) => {
    if (!(dict instanceof Map) || items.length % 2 !== 0)
      throw bad(file, 'SETITEMS on something that is not a dictionary');
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]!);
  };
  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80:
        u8();
        break; // PROTO
      case 0x95:
        need(8);
        break; // FRAME: framing is only a read-ahead hint
      case 0x2e:
        return pop(); // STOP
      case 0x28:
        stack.push(new Mark());
        break; // MARK
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        stack.push(top());
        break; // DUP
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break; // NEWTRUE
      case 0x89:
        stack.push(false);
        break; // NEWFALSE
      case 0x4a:
        stack.push(view.getInt32(need(4), true));
        break; // BININT
      case 0x4b:
        stack.push(u8());
        break; // BININT1
      case 0x4d:
        stack.push(u16());
        break; // BININT2
      case 0x8a: {
        // LONG1: little-endian two's complement
        const b = raw(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (b.length > 0 && b[b.length - 1]! >= 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47:
        stack.push(view.getFloat64(need(8), false));
        break; // BINFLOAT (big-endian)
      case 0x58:
        stack.push(text.decode(raw(u32())));
        break; // BINUNICODE
      case 0x8c:
        stack.push(text.decode(raw(u8())));
        break; // SHORT_BINUNICODE
      case 0x54:
        stack.push(new TextDecoder('latin1').decode(raw(u32())));
        break; // BINSTRING
      case 0x55:
        stack.push(new TextDecoder('latin1').decode(raw(u8())));
        break; // SHORT_BINSTRING
      case 0x42:
        stack.push(raw(u32()));
        break; // BINBYTES
      case 0x43:
        stack.push(raw(u8()));
        break; // SHORT_BINBYTES
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x74:
        stack.push(popMark());
        break; // TUPLE
      case 0x85:
        stack.push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        stack.push([pop(), b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      } // TUPLE3
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x6c:
        stack.push(popMark());
        break; // LIST
      case 0x61: {
        const v = pop();
        const l = top();
        if (!Array.isArray(l)) throw bad(file, 'APPEND to a non-list');
        l.push(v);
        break;
      }
      case 0x65: {
        const vs = popMark();
        const l = top();
        if (!Array.isArray(l)) throw bad(file, 'APPENDS to a non-list');
        // One by one: a spread of hundreds of thousands of items overflows the call stack.
        for (const v of vs) l.push(v);
        break;
      }
      case 0x7d:
        stack.push(new Map());
        break; // EMPTY_DICT
      case 0x64: {
        const d = new Map<unknown, Value>();
        setItems(d, popMark());
        stack.push(d);
        break;
      } // DICT
      case 0x73: {
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        setItems(top(), items);
        break;
      } // SETITEMS
      case 0x63: {
        const module = line();
        global(module, line());
        break;
      } // GLOBAL
      case 0x93: {
        const name = pop();
        const module = pop();
        global(String(module), String(name));
        break;
      } // STACK_GLOBAL
      case 0x52: {
        const args = pop();
        stack.push(call(pop(), args, file));
        break;
      } // REDUCE
      case 0x62:
        pop();
        break; // BUILD: only OrderedDict's _metadata attribute reaches here; it is not needed
      case 0x51:
        stack.push(persistentLoad(pop()));
        break; // BINPERSID
      case 0x71:
        memo.set(u8(), top());
        break; // BINPUT
      case 0x72:
        memo.set(u32(), top());
        break; // LONG_BINPUT
      case 0x94:
        memo.set(memo.size, top());
        break; // MEMOIZE
      case 0x68:
      case 0x6a: {
        // BINGET, LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) throw bad(file, `the pickle reads memo ${key} before writing it`);
        stack.push(memo.get(key)!);
        break;
      }
      default:
        throw bad(file, `pickle opcode 0x${op.toString(16).padStart(2, '0')} is not allowed in a state dict`);
    }
  }
}
