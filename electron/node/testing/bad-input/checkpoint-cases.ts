/**
 * Hostile and broken checkpoints (safetensors headers that lie, pickles that try to run code or to
 * exhaust memory) and broken ONNX models, generated here from the sew-d test fixture.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { convertCheckpoint } from '../../convert/convert.ts';
import { parseSafetensors } from '../../convert/safetensors.ts';
import { parseTorchBin } from '../../convert/torch-bin.ts';
import { Recognizer } from '../../engine/recognizer.ts';
import { SILERO_VAD_MODEL } from '../../audio/vad.ts';
import { FIXTURES, convertedSewdFixture } from '../fixtures.ts';
import type { BadInputCase } from './corpus.ts';

const FIXTURE = join(FIXTURES, 'sewd-test-public');

// ---- safetensors ----

interface RawTensor {
  dtype: string;
  shape: number[];
  offsets: [number, number];
}

/** A safetensors file from a header of our choosing (it may lie) and a data block. */
function safetensors(header: Record<string, RawTensor> | string, data: Uint8Array, lengthField?: bigint): Uint8Array {
  const json =
    typeof header === 'string'
      ? header
      : JSON.stringify(
          Object.fromEntries(
            Object.entries(header).map(([k, t]) => [k, { dtype: t.dtype, shape: t.shape, data_offsets: t.offsets }]),
          ),
        );
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthField ?? BigInt(head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

const parse = (bytes: () => Uint8Array) => async () => parseSafetensors(bytes(), 'model.safetensors');
const f32 = (n: number) => new Uint8Array(new Float32Array(n).fill(0.5).buffer);

/** The fixture checkpoint with its weights re-encoded by `edit`, converted into dir/out. */
const convertEdited = (edit: (weights: Uint8Array) => Promise<Uint8Array> | Uint8Array) => async (dir: string) => {
  const src = join(dir, 'in');
  await mkdir(src, { recursive: true });
  for (const f of ['config.json', 'vocab.json', 'preprocessor_config.json']) await cp(join(FIXTURE, f), join(src, f));
  await writeFile(join(src, 'model.safetensors'), await edit(await readFile(join(FIXTURE, 'model.safetensors'))));
  return convertCheckpoint(src, join(dir, 'out'));
};

/** Rewrites every F32 tensor of a real safetensors file as `dtype` (converting the values where it can). */
async function reencode(weights: Uint8Array, dtype: 'F16' | 'I32'): Promise<Uint8Array> {
  const tensors = parseSafetensors(weights, 'model.safetensors');
  const header: Record<string, RawTensor> = {};
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of [...tensors].sort(([a], [b]) => a.localeCompare(b))) {
    const bytes =
      dtype === 'I32'
        ? new Uint8Array(Int32Array.from(t.data, (v) => Math.round(v * 1000)).buffer)
        : new Uint8Array(new Float16Array(t.data).buffer);
    header[name] = { dtype, shape: t.shape, offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) data.set(p, (at += p.length) - p.length);
  return safetensors(header, data);
}

// ---- pickles (torch.save zip archives) ----

const ascii = (s: string) => [...new TextEncoder().encode(s)];
const str = (s: string) => [0x8c, ascii(s).length, ...ascii(s)];
const global = (module: string, name: string) => [0x63, ...ascii(`${module}\n${name}\n`)];
const int = (n: number) => [0x4a, ...new Uint8Array(new Int32Array([n]).buffer)];
const PROTO = [0x80, 2];
const [MARK, STOP, TUPLE, TUPLE1, REDUCE, SETITEM, EMPTY_DICT, EMPTY_LIST, APPEND, APPENDS, NONE] = [
  0x28, 0x2e, 0x74, 0x85, 0x52, 0x73, 0x7d, 0x5d, 0x61, 0x65, 0x4e,
];

/** A torch.save-shaped zip around a pickle program (and one 4-byte storage). */
const torchZip = (program: number[] | Uint8Array) =>
  zipSync({
    'archive/data.pkl': Uint8Array.from(program),
    'archive/byteorder': new TextEncoder().encode('little'),
    'archive/data/0': new Uint8Array(4),
  });
const unpickle = (program: () => number[] | Uint8Array) => async () => parseTorchBin(torchZip(program()));
/** { 'w': <call> }: a state dict whose value is produced by calling `callable` with one string. */
const callInDict = (callable: number[], arg: string) => [
  ...PROTO,
  EMPTY_DICT,
  ...str('w'),
  ...callable,
  ...str(arg),
  TUPLE1,
  REDUCE,
  SETITEM,
  STOP,
];

/** A tensor view of `elements` over a 1-element storage (stride 0): 4 bytes claiming 4 GB of floats. */
const tensorBomb = (elements: number) => [
  ...PROTO,
  EMPTY_DICT,
  ...str('w'),
  ...global('torch._utils', '_rebuild_tensor_v2'),
  MARK,
  ...[MARK, ...str('storage'), ...global('torch', 'FloatStorage'), ...str('0'), ...str('cpu'), ...int(1), TUPLE, 0x51],
  ...int(0),
  ...[...int(elements), TUPLE1],
  ...[...int(0), TUPLE1],
  0x89,
  ...[...global('collections', 'OrderedDict'), 0x29, REDUCE],
  TUPLE,
  REDUCE,
  SETITEM,
  STOP,
];

function deepNesting(depth: number): Uint8Array {
  const program = new Uint8Array(PROTO.length + 3 + depth * 2 + 3);
  program.set(PROTO);
  let at = PROTO.length;
  program[at++] = EMPTY_DICT;
  program.set(str('x'), at);
  at += 3;
  program.fill(EMPTY_LIST, at, at + depth);
  program.fill(APPEND, at + depth, at + 2 * depth - 1);
  at += 2 * depth - 1;
  program[at++] = SETITEM;
  program[at++] = STOP;
  return program.subarray(0, at);
}

const unsafe = { code: 'UnsafeCheckpoint', says: /refuses to load it/ };
const corrupt = { code: 'CorruptCheckpoint' };

export function checkpointCases(): BadInputCase[] {
  const two = { a: { dtype: 'F32', shape: [2], offsets: [0, 8] as [number, number] } };
  return [
    ...[
      [
        'overlapping data_offsets',
        () => safetensors({ ...two, b: { dtype: 'F32', shape: [2], offsets: [4, 12] } }, f32(3)),
      ],
      ['a header length of 2^62 bytes', () => safetensors(two, f32(2), 1n << 62n)],
      ['a header length past the end of the file', () => safetensors(two, f32(2), 1000n)],
      ['a file shorter than its length field', () => new Uint8Array([1, 2, 3])],
      ['a header that is not JSON', () => safetensors('{"a": {"dtype": "F32",', f32(2))],
      ['a header that is a JSON array', () => safetensors('[1, 2, 3]', f32(2))],
      [
        'an unknown dtype (F8_E4M3)',
        () => safetensors({ a: { dtype: 'F8_E4M3', shape: [2], offsets: [0, 8] } }, f32(2)),
      ],
      [
        'a dtype whose size disagrees with the bytes (F64 over 8 bytes of 2 values)',
        () => safetensors({ a: { dtype: 'F64', shape: [2], offsets: [0, 8] } }, f32(2)),
      ],
      ['a negative dimension', () => safetensors({ a: { dtype: 'F32', shape: [-2], offsets: [0, 8] } }, f32(2))],
      ['reversed data_offsets', () => safetensors({ a: { dtype: 'F32', shape: [0], offsets: [8, 0] } }, f32(2))],
    ].map(([name, bytes]): BadInputCase => ({
      group: 'checkpoint',
      name: `safetensors: ${name as string}`,
      run: parse(bytes as () => Uint8Array),
      refuse: corrupt,
    })),
    {
      group: 'checkpoint',
      name: 'safetensors: integer (I32) weights are not silently converted',
      run: convertEdited((w) => reencode(w, 'I32')),
      refuse: { code: 'UnsupportedCheckpoint', says: /has no tensor/ },
    },
    {
      group: 'checkpoint',
      name: 'safetensors: float16 weights convert correctly',
      run: convertEdited((w) => reencode(w, 'F16')),
      accept: (value) => assert.ok(typeof (value as { dir?: unknown }).dir === 'string' || value !== undefined),
    },
    {
      group: 'checkpoint',
      name: 'pickle: os.system',
      run: unpickle(() => callInDict(global('os', 'system'), 'echo pwned')),
      refuse: unsafe,
    },
    {
      group: 'checkpoint',
      name: 'pickle: builtins.eval',
      run: unpickle(() => callInDict(global('builtins', 'eval'), '1+1')),
      refuse: unsafe,
    },
    {
      group: 'checkpoint',
      name: 'pickle: a __reduce__ to subprocess.Popen',
      run: unpickle(() => callInDict(global('subprocess', 'Popen'), 'id')),
      refuse: unsafe,
    },
    {
      group: 'checkpoint',
      name: 'pickle: posix.system through STACK_GLOBAL',
      run: unpickle(() => callInDict([...str('posix'), ...str('system'), 0x93], 'id')),
      refuse: unsafe,
    },
    {
      group: 'checkpoint',
      name: 'pickle: the INST opcode (os system)',
      run: unpickle(() => [...PROTO, MARK, ...str('id'), 0x69, ...ascii('os\nsystem\n'), STOP]),
      refuse: corrupt,
    },
    {
      group: 'checkpoint',
      name: 'pickle: lists nested 200 000 deep',
      run: unpickle(() => deepNesting(200_000)),
      refuse: corrupt,
    },
    {
      group: 'checkpoint',
      name: 'pickle: one APPENDS of 300 000 items',
      run: unpickle(() => [...PROTO, EMPTY_LIST, MARK, ...new Array<number>(300_000).fill(NONE), APPENDS, STOP]),
      refuse: corrupt,
    },
    {
      group: 'checkpoint',
      name: 'pickle: a 4-byte storage viewed as 1e9 floats',
      run: unpickle(() => tensorBomb(1_000_000_000)),
      refuse: corrupt,
    },
    {
      group: 'checkpoint',
      name: 'pickle: the legacy (non-zip) format',
      run: async () => parseTorchBin(Uint8Array.from([...PROTO, EMPTY_DICT, STOP])),
      refuse: { code: 'UnsupportedCheckpoint' },
    },
    {
      group: 'checkpoint',
      name: 'pickle: a zip archive without data.pkl',
      run: async () => parseTorchBin(zipSync({ 'archive/x': new Uint8Array(3) })),
      refuse: corrupt,
    },
    {
      group: 'checkpoint',
      name: 'pickle: a zip archive cut in half',
      run: async () => parseTorchBin(torchZip(tensorBomb(4)).subarray(0, 60)),
      refuse: corrupt,
    },
    ...onnxCases(),
  ];
}

/** A converted model folder whose model.onnx is replaced by `bytes`. */
const brokenModel = (bytes: () => Promise<Uint8Array> | Uint8Array) => async (dir: string) => {
  const model = join(dir, 'in', 'model');
  await cp(await convertedSewdFixture(), model, { recursive: true });
  await writeFile(join(model, 'model.onnx'), await bytes());
  const recognizer = await Recognizer.open(model);
  await recognizer.release();
  return recognizer;
};

function onnxCases(): BadInputCase[] {
  return [
    {
      group: 'onnx',
      name: 'an empty model.onnx',
      run: brokenModel(() => new Uint8Array(0)),
      refuse: { code: 'ModelLoadFailed' },
    },
    {
      group: 'onnx',
      name: 'random bytes as model.onnx',
      run: brokenModel(() => Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)),
      refuse: { code: 'ModelLoadFailed' },
    },
    {
      group: 'onnx',
      name: 'a model.onnx cut in half',
      run: brokenModel(async () => {
        const whole = await readFile(join(await convertedSewdFixture(), 'model.onnx'));
        return whole.subarray(0, whole.length >> 1);
      }),
      refuse: { code: 'ModelLoadFailed' },
    },
    {
      group: 'onnx',
      name: 'a valid ONNX graph that is not a speech model (Silero VAD)',
      run: brokenModel(() => readFile(SILERO_VAD_MODEL)),
      refuse: { code: 'CorruptModel', says: /input_values|inputs/ },
    },
  ];
}
