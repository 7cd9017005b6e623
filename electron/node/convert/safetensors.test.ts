import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { parseSafetensors, readSafetensors, writeSafetensors } from './safetensors.ts';

/** A safetensors file from a header object and a raw data block. */
function file(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const out = Buffer.alloc(8 + json.length + data.length);
  out.writeBigUInt64LE(BigInt(json.length));
  json.copy(out, 8);
  Buffer.from(data).copy(out, 8 + json.length);
  return out;
}

const rejects = (bytes: Uint8Array, pattern: RegExp) =>
  assert.throws(
    () => parseSafetensors(bytes, '/ckpt/model.safetensors'),
    (e: unknown) =>
      e instanceof VerbaError &&
      e.code === 'CorruptCheckpoint' &&
      /model\.safetensors/.test(e.message) &&
      pattern.test(e.message),
  );

test('F32, F16, BF16 and F64 tensors become float32; integer buffers are skipped', () => {
  const data = Buffer.alloc(4 + 4 + 4 + 8 + 8);
  data.writeFloatLE(1.5, 0); // F32 [1]
  data.writeUInt16LE(0x3c00, 4); // F16 1.0
  data.writeUInt16LE(0xc000, 6); // F16 -2.0
  data.writeUInt16LE(0x3fc0, 8); // BF16 1.5
  data.writeUInt16LE(0x4040, 10); // BF16 3.0
  data.writeDoubleLE(0.25, 12); // F64
  data.writeBigInt64LE(7n, 20); // I64 buffer
  const tensors = parseSafetensors(
    file(
      {
        __metadata__: { format: 'pt' },
        a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        h: { dtype: 'F16', shape: [2], data_offsets: [4, 8] },
        b: { dtype: 'BF16', shape: [1, 2], data_offsets: [8, 12] },
        d: { dtype: 'F64', shape: [], data_offsets: [12, 20] },
        steps: { dtype: 'I64', shape: [1], data_offsets: [20, 28] },
      },
      data,
    ),
    'x',
  );
  assert.deepEqual([...tensors.keys()].sort(), ['a', 'b', 'd', 'h']);
  assert.deepEqual([...tensors.get('a')!.data], [1.5]);
  assert.deepEqual([...tensors.get('h')!.data], [1, -2]);
  assert.deepEqual([...tensors.get('b')!.data], [1.5, 3]);
  assert.deepEqual(tensors.get('b')!.shape, [1, 2]);
  assert.deepEqual([...tensors.get('d')!.data], [0.25]);
});

test('writeSafetensors output reads back identically', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-st-'));
  try {
    const tensors = new Map([
      ['w', { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, -6.5) }],
      ['b', { shape: [3], data: Float32Array.of(0.1, 0.2, 0.3) }],
    ]);
    const path = join(dir, 'model.safetensors');
    await writeSafetensors(path, tensors);
    const bytes = await readFile(path);
    assert.equal(Number(bytes.readBigUInt64LE(0)) % 8, 0, 'header padded to 8 bytes');
    const back = await readSafetensors(path);
    assert.deepEqual(back, tensors);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('truncated, corrupt and lying files get one clear sentence naming the file', async () => {
  const good = file({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(8));
  rejects(good.subarray(0, 5), /shorter than its 8-byte header length/);
  rejects(good.subarray(0, 20), /header claims/);
  rejects(good.subarray(0, good.length - 3), /ends at byte 8 of a 5-byte data block/);
  rejects(
    file({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)),
    /holds 8 bytes but its shape and dtype need 12/,
  );
  rejects(file({ w: { dtype: 'Q4', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(8)), /unknown dtype Q4/);
  rejects(file({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, new Uint8Array(8)), /invalid data_offsets/);
  const notJson = Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{{{{')]);
  rejects(notJson, /not valid JSON/);
  const dir = await mkdtemp(join(tmpdir(), 'verba-st-'));
  try {
    await writeFile(join(dir, 'model.safetensors'), good.subarray(0, good.length - 1));
    await assert.rejects(
      readSafetensors(join(dir, 'model.safetensors')),
      (e: unknown) => e instanceof VerbaError && e.code === 'CorruptCheckpoint',
    );
    await assert.rejects(
      readSafetensors(join(dir, 'missing.safetensors')),
      (e: unknown) => e instanceof VerbaError && e.code === 'CheckpointNotFound',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
