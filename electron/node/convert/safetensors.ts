/**
 * model.safetensors ⇄ TensorMap. Layout: 8-byte little-endian header length, a JSON header
 * { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__? }, then the data block;
 * offsets are relative to the data block. Floating dtypes become float32; integer/bool tensors
 * (buffers such as step counters) are skipped because no graph Verba builds reads them.
 *
 *   const weights = await readSafetensors('ckpt/model.safetensors');
 *   await writeSafetensors('out/model.safetensors', weights);
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import type { TensorMap } from './tensor-map.ts';
import { readFloat16 } from './float16.ts';

const FLOAT_BYTES = { F32: 4, F16: 2, BF16: 2, F64: 8 } as const;
type FloatDtype = keyof typeof FLOAT_BYTES;
const INTEGER_BYTES: Record<string, number> = { I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1 };
/** A header larger than this is not a real checkpoint's (the format itself caps it at 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

function corrupt(file: string, why: string): VerbaError {
  return new VerbaError(
    'CorruptCheckpoint',
    `The weights file ${basename(file)} is not a valid safetensors file: ${why}.`,
  );
}

function decode(bytes: Uint8Array, dtype: FloatDtype, count: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (dtype) {
    case 'F32':
      // Copy through a fresh buffer: the block's offset in the file need not be 4-byte aligned.
      new Uint8Array(out.buffer).set(bytes);
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = readFloat16(view, i * 2);
      break;
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const wide = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) wide[i] = view.getUint16(i * 2, true) << 16;
      break;
    }
  }
  return out;
}

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
  count: number;
}

/** Validates the JSON header against a data block of `dataBytes` bytes; integer tensors are listed with dtype kept. */
function parseHeader(headerBytes: Uint8Array, dataBytes: number, file: string): Entry[] {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    throw corrupt(file, 'its header is not valid JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw corrupt(file, 'its header is not a JSON object');
  const entries: Entry[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: offsets,
    } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string') throw corrupt(file, `tensor ${name} has no dtype`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw corrupt(file, `tensor ${name} has an invalid shape`);
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1]
    ) {
      throw corrupt(file, `tensor ${name} has invalid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataBytes)
      throw corrupt(file, `tensor ${name} ends at byte ${end} of a ${dataBytes}-byte data block (truncated?)`);
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const itemBytes = dtype in FLOAT_BYTES ? FLOAT_BYTES[dtype as FloatDtype] : INTEGER_BYTES[dtype];
    if (itemBytes === undefined) throw corrupt(file, `tensor ${name} has unknown dtype ${dtype}`);
    if (end - begin !== count * itemBytes)
      throw corrupt(
        file,
        `tensor ${name} holds ${end - begin} bytes but its shape and dtype need ${count * itemBytes}`,
      );
    entries.push({ name, dtype, shape: [...(shape as number[])], begin, end, count });
  }
  // The format forbids tensors sharing bytes (the reference reader refuses them too): weights that alias
  // would convert into a model that is not the checkpoint's.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const [previous, next] = [sorted[i - 1]!, sorted[i]!];
    if (next.begin < previous.end) throw corrupt(file, `tensors ${previous.name} and ${next.name} overlap`);
  }
  return entries;
}

function checkLength(fileBytes: number, headerLength: number, file: string): void {
  if (fileBytes < 8) throw corrupt(file, `it is ${fileBytes} bytes long, shorter than its 8-byte header length`);
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > fileBytes) {
    throw corrupt(file, `its header claims ${headerLength} bytes but the file holds ${fileBytes} (truncated?)`);
  }
}

/** Parses a whole safetensors file already in memory; `file` only names it in errors. */
export function parseSafetensors(bytes: Uint8Array, file: string): TensorMap {
  const headerLength =
    bytes.byteLength < 8 ? 0 : Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  checkLength(bytes.byteLength, headerLength, file);
  const data = bytes.subarray(8 + headerLength);
  const tensors: TensorMap = new Map();
  for (const e of parseHeader(bytes.subarray(8, 8 + headerLength), data.byteLength, file)) {
    if (!(e.dtype in FLOAT_BYTES)) continue;
    tensors.set(e.name, {
      shape: e.shape,
      data: decode(data.subarray(e.begin, e.end), e.dtype as FloatDtype, e.count),
    });
  }
  return tensors;
}

/**
 * Reads a safetensors file tensor by tensor (float32 tensors straight into their arrays), so a
 * checkpoint never sits in memory twice — base-plus is ~700 MB.
 */
export async function readSafetensors(path: string): Promise<TensorMap> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new VerbaError(
      'CheckpointNotFound',
      `The weights file ${path} could not be read: ${(error as Error).message.split('\n')[0]}.`,
      { cause: error },
    );
  }
  try {
    const size = (await handle.stat()).size;
    const read = async (target: Uint8Array, position: number) => {
      let done = 0;
      while (done < target.byteLength) {
        const { bytesRead } = await handle.read(target, done, target.byteLength - done, position + done);
        if (bytesRead === 0) throw corrupt(path, 'it ended while being read');
        done += bytesRead;
      }
    };
    const prefix = new Uint8Array(8);
    if (size >= 8) await read(prefix, 0);
    const headerLength = size < 8 ? 0 : Number(new DataView(prefix.buffer).getBigUint64(0, true));
    checkLength(size, headerLength, path);
    const headerBytes = new Uint8Array(headerLength);
    await read(headerBytes, 8);
    const base = 8 + headerLength;
    const tensors: TensorMap = new Map();
    for (const e of parseHeader(headerBytes, size - base, path)) {
      if (!(e.dtype in FLOAT_BYTES)) continue;
      if (e.dtype === 'F32') {
        const data = new Float32Array(e.count);
        await read(new Uint8Array(data.buffer), base + e.begin);
        tensors.set(e.name, { shape: e.shape, data });
      } else {
        const raw = new Uint8Array(e.end - e.begin);
        await read(raw, base + e.begin);
        tensors.set(e.name, { shape: e.shape, data: decode(raw, e.dtype as FloatDtype, e.count) });
      }
    }
    return tensors;
  } finally {
    await handle.close();
  }
}

/**
 * Writes float32 tensors as safetensors (sorted names, header padded to 8 bytes like the reference
 * writer). Streams tensor by tensor so real-size random checkpoints need no second copy in memory.
 */
export async function writeSafetensors(
  path: string,
  tensors: TensorMap,
  metadata: Record<string, string> = { format: 'pt' },
): Promise<void> {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new VerbaError(
        'InvalidTensor',
        `Tensor ${name} has shape [${t.shape.join(', ')}] but ${t.data.length} values.`,
      );
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.byteLength));
  const temp = `${path}.tmp-${process.pid}`;
  const handle = await open(temp, 'w');
  try {
    await handle.write(prefix);
    await handle.write(headerBytes);
    for (const name of names) {
      const data = tensors.get(name)!.data;
      await handle.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
