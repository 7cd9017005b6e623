import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { VerbaError } from '../../common/result.ts';
import { parseTorchBin, readTorchBin } from './torch-bin.ts';
import type { TensorMap } from './tensor-map.ts';

const FIXTURE = new URL('../../../models/fixtures/sewd-test-public/model.safetensors', import.meta.url);

/** The fixture's tensors, read straight from the safetensors layout (8-byte header length, JSON, data). */
async function fixtureTensors(): Promise<TensorMap> {
  const bytes = await readFile(FIXTURE);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const base = 8 + headerLength;
  const out: TensorMap = new Map();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    assert.equal(info.dtype, 'F32');
    const slice = bytes.subarray(base + info.data_offsets[0], base + info.data_offsets[1]);
    out.set(name, {
      shape: info.shape,
      data: new Float32Array(slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.byteLength)),
    });
  }
  return out;
}

/** Writes pickle protocol 2 the way torch.save's pickler does (memoised globals, BINPERSID storages). */
class PickleWriter {
  private parts: number[] = [];
  private memo = new Map<string, number>();
  private next = 0;
  op(...bytes: number[]) {
    this.parts.push(...bytes);
  }
  put() {
    const i = this.next++;
    if (i < 256)
      this.op(0x71, i); // BINPUT
    else this.op(0x72, ...u32(i)); // LONG_BINPUT
  }
  str(s: string) {
    const b = Buffer.from(s, 'utf8');
    this.op(0x58, ...u32(b.length), ...b); // BINUNICODE
    this.put();
  }
  int(n: number) {
    if (n < 256) this.op(0x4b, n);
    else this.op(0x4a, ...u32(n));
  }
  global(module: string, name: string) {
    const key = `${module}.${name}`;
    const seen = this.memo.get(key);
    if (seen !== undefined) return seen < 256 ? this.op(0x68, seen) : this.op(0x6a, ...u32(seen)); // BINGET, LONG_BINGET
    this.op(0x63, ...Buffer.from(`${module}\n${name}\n`, 'latin1'));
    this.memo.set(key, this.next);
    this.put();
  }
  tuple(values: number[]) {
    const ops = [0x29, 0x85, 0x86, 0x87];
    if (values.length > 3) this.op(0x28);
    for (const v of values) this.int(v);
    this.op(values.length > 3 ? 0x74 : ops[values.length]!);
    this.put();
  }
  bytes() {
    return new Uint8Array(this.parts);
  }
}
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

interface SavedTensor {
  name: string;
  storageKey: string;
  storageType: string;
  numel: number;
  offset: number;
  shape: number[];
  stride: number[];
  parameter: boolean;
}

function statePickle(tensors: SavedTensor[]): Uint8Array {
  const w = new PickleWriter();
  w.op(0x80, 2);
  w.global('collections', 'OrderedDict');
  w.op(0x29, 0x52); // EMPTY_TUPLE, REDUCE
  w.put();
  w.op(0x28); // MARK
  for (const t of tensors) {
    w.str(t.name);
    if (t.parameter) w.global('torch._utils', '_rebuild_parameter');
    w.global('torch._utils', '_rebuild_tensor_v2');
    w.op(0x28, 0x28); // MARK args, MARK persistent id
    w.str('storage');
    w.global('torch', t.storageType);
    w.str(t.storageKey);
    w.str('cpu');
    w.int(t.numel);
    w.op(0x74); // TUPLE
    w.put();
    w.op(0x51); // BINPERSID
    w.int(t.offset);
    w.tuple(t.shape);
    w.tuple(t.stride);
    w.op(0x89); // requires_grad False
    w.global('collections', 'OrderedDict');
    w.op(0x29, 0x52, 0x74); // OrderedDict() backward hooks, TUPLE
    w.put();
    w.op(0x52); // REDUCE
    w.put();
    if (t.parameter) {
      w.op(0x89);
      w.global('collections', 'OrderedDict');
      w.op(0x29, 0x52, 0x87, 0x52); // (tensor, False, OrderedDict()) → _rebuild_parameter
      w.put();
    }
  }
  w.op(0x75); // SETITEMS
  w.op(0x7d); // the state dict's _metadata attribute dict, applied with BUILD
  w.str('_metadata');
  w.op(0x7d, 0x73, 0x62, 0x2e); // EMPTY_DICT, SETITEM, BUILD, STOP
  return w.bytes();
}

const contiguousStride = (shape: number[]) => shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
const asBytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
type Float16Ctor = new (values: ArrayLike<number>) => ArrayLike<number> & ArrayBufferView;
const Float16 = (globalThis as unknown as { Float16Array: Float16Ctor }).Float16Array;

test('a torch.save state dict (float32, transposed, shared storage, float16, bfloat16) reads back exactly', async () => {
  const reference = await fixtureTensors();
  const names = [...reference.keys()];
  const saved: SavedTensor[] = [];
  const storages: Record<string, Uint8Array> = {};
  const expected: TensorMap = new Map();
  const transposed = names.find(
    (n) => reference.get(n)!.shape.length === 2 && reference.get(n)!.shape[0] !== reference.get(n)!.shape[1],
  )!;
  const [sharedA, sharedB] = names.filter((n) => n.endsWith('.bias')).slice(0, 2) as [string, string];
  const half = names.find((n) => n.endsWith('LayerNorm.weight'))!;
  const brain = names.find((n) => n.endsWith('lm_head.bias'))!;
  let key = 0;
  for (const name of names) {
    const t = reference.get(name)!;
    const n = t.data.length;
    const base = {
      name,
      numel: n,
      offset: 0,
      shape: t.shape,
      stride: contiguousStride(t.shape),
      parameter: name.includes('weight'),
    };
    if (name === sharedB) continue;
    if (name === transposed) {
      // Storage holds the transpose; the saved tensor is a non-contiguous view of it.
      const [rows, cols] = t.shape as [number, number];
      const tr = new Float32Array(n);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) tr[c * rows + r] = t.data[r * cols + c]!;
      storages[String(key)] = asBytes(tr);
      saved.push({ ...base, storageKey: String(key++), storageType: 'FloatStorage', stride: [1, rows] });
      expected.set(name, t);
    } else if (name === sharedA) {
      const b = reference.get(sharedB)!;
      const both = new Float32Array(n + b.data.length);
      both.set(t.data);
      both.set(b.data, n);
      storages[String(key)] = asBytes(both);
      saved.push({ ...base, numel: both.length, storageKey: String(key), storageType: 'FloatStorage' });
      saved.push({
        ...base,
        name: sharedB,
        numel: both.length,
        offset: n,
        shape: b.shape,
        stride: contiguousStride(b.shape),
        storageKey: String(key++),
        storageType: 'FloatStorage',
      });
      expected.set(name, t).set(sharedB, b);
    } else if (name === half) {
      const h = new Float16(t.data);
      storages[String(key)] = asBytes(h);
      saved.push({ ...base, storageKey: String(key++), storageType: 'HalfStorage' });
      expected.set(name, { shape: t.shape, data: Float32Array.from(h) });
    } else if (name === brain) {
      const bits = new Uint32Array(t.data.slice().buffer);
      const top = Uint16Array.from(bits, (b) => b >>> 16);
      storages[String(key)] = asBytes(top);
      saved.push({ ...base, storageKey: String(key++), storageType: 'BFloat16Storage' });
      expected.set(name, {
        shape: t.shape,
        data: new Float32Array(Uint32Array.from(bits, (b) => b & 0xffff0000).buffer),
      });
    } else {
      storages[String(key)] = asBytes(t.data);
      saved.push({ ...base, storageKey: String(key++), storageType: 'FloatStorage' });
      expected.set(name, t);
    }
  }
  const zip = zipSync({
    'pytorch_model/data.pkl': [statePickle(saved), { level: 0 }],
    'pytorch_model/byteorder': [Buffer.from('little'), { level: 0 }],
    ...Object.fromEntries(Object.entries(storages).map(([k, v]) => [`pytorch_model/data/${k}`, [v, { level: 0 }]])),
    'pytorch_model/version': [Buffer.from('3\n'), { level: 0 }],
  });
  const dir = await mkdtemp(join(tmpdir(), 'verba-torch-bin-'));
  try {
    await writeFile(join(dir, 'pytorch_model.bin'), zip);
    const read = await readTorchBin(join(dir, 'pytorch_model.bin'));
    assert.deepEqual([...read.keys()].sort(), [...expected.keys()].sort());
    for (const [name, t] of expected) {
      const got = read.get(name)!;
      assert.deepEqual(got.shape, t.shape, name);
      assert.deepEqual(got.data, t.data, name);
    }
    // The shared-storage pair, the transposed view and the narrow dtypes were all exercised.
    assert.ok(transposed && sharedA && sharedB && half && brain);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const minimalBin = (pickle: Uint8Array) => zipSync({ 'archive/data.pkl': [pickle, { level: 0 }] });

test('a pickle naming a forbidden global is refused by name, before anything else happens', () => {
  const evil = new Uint8Array([
    0x80,
    0x02,
    ...Buffer.from('cos\nsystem\n', 'latin1'),
    0x58,
    ...u32(4),
    ...Buffer.from('true'),
    0x85,
    0x52,
    0x2e,
  ]);
  assert.throws(
    () => parseTorchBin(minimalBin(evil)),
    (e: unknown) => e instanceof VerbaError && e.code === 'UnsafeCheckpoint' && /os\.system/.test(e.message),
  );
  const builtins = new Uint8Array([0x80, 0x02, ...Buffer.from('c__builtin__\neval\n', 'latin1'), 0x2e]);
  assert.throws(() => parseTorchBin(minimalBin(builtins)), /__builtin__\.eval/);
});

test('damaged archives and other formats get a clear one-line error', () => {
  const good = minimalBin(statePickle([]));
  assert.equal(parseTorchBin(good).size, 0);
  const isClear = (code: string) => (e: unknown) =>
    e instanceof VerbaError && e.code === code && !e.message.includes('\n');
  assert.throws(() => parseTorchBin(good.subarray(0, Math.floor(good.length / 2))), isClear('CorruptCheckpoint'));
  assert.throws(() => parseTorchBin(new Uint8Array([1, 2, 3, 4, 5])), isClear('CorruptCheckpoint'));
  assert.throws(
    () => parseTorchBin(new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc])),
    isClear('UnsupportedCheckpoint'),
  );
  const truncatedPickle = statePickle([]).subarray(0, 10);
  assert.throws(() => parseTorchBin(minimalBin(truncatedPickle)), isClear('CorruptCheckpoint'));
  const unknownOpcode = new Uint8Array([0x80, 0x02, 0x81, 0x2e]); // NEWOBJ builds arbitrary classes
  assert.throws(() => parseTorchBin(minimalBin(unknownOpcode)), /opcode 0x81/);
  const missingStorage = statePickle([
    {
      name: 'w',
      storageKey: '0',
      storageType: 'FloatStorage',
      numel: 4,
      offset: 0,
      shape: [4],
      stride: [1],
      parameter: false,
    },
  ]);
  assert.throws(() => parseTorchBin(minimalBin(missingStorage)), /storage 0 is missing/);
  const longStorage = statePickle([
    {
      name: 'ids',
      storageKey: '0',
      storageType: 'LongStorage',
      numel: 1,
      offset: 0,
      shape: [1],
      stride: [1],
      parameter: false,
    },
  ]);
  assert.throws(() => parseTorchBin(minimalBin(longStorage)), /torch\.LongStorage/);
});
