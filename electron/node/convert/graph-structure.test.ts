/**
 * What makes the lean graph lean, checked on the written model.onnx: no in-graph log buckets or
 * weight norm, one index expansion per graph (not per layer), a handful of Shape ops in all; and
 * that the lean and reference graphs agree on a window long enough (24 s → 599 encoder frames)
 * that relative offsets pass ±511, where the baked bucket table meets the in-graph Log path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { f32, openSession } from '../onnx/ort.ts';
import { convertCheckpoint } from './convert.ts';
import { decodeModel } from './onnx-model.ts';

const SEWD = fileURLToPath(new URL('../../../models/fixtures/sewd-test-public/', import.meta.url));
const LAYERS = 2;

interface DecodedNode {
  op_type: string;
}

async function convertBoth(): Promise<{ dir: string; ops: Record<'lean' | 'reference', string[]> }> {
  const dir = await mkdtemp(join(tmpdir(), 'verba-structure-'));
  const ops = { lean: [] as string[], reference: [] as string[] };
  for (const style of ['lean', 'reference'] as const) {
    await convertCheckpoint(SEWD, join(dir, style), { style });
    const model = decodeModel(await readFile(join(dir, style, 'model.onnx'))) as {
      ir_version: number;
      opset_import: { version: number }[];
      graph: { node: DecodedNode[] };
    };
    assert.equal(model.ir_version, 8);
    assert.equal(model.opset_import[0]!.version, 17);
    ops[style] = model.graph.node.map((n) => n.op_type);
  }
  return { dir, ops };
}

const count = (ops: string[], op: string) => ops.filter((o) => o === op).length;

test('the lean graph does input-independent work at conversion; the reference graph does it in the graph', async () => {
  const { dir, ops } = await convertBoth();
  try {
    for (const op of ['Log', 'Ceil', 'Sign', 'ReduceL2', 'Where', 'Tile'])
      assert.equal(count(ops.lean, op), 0, `lean graph has ${op}`);
    assert.equal(
      count(ops.lean, 'Expand'),
      2,
      'index expansion once per graph (Toeplitz rows, then heads), not per layer',
    );
    assert.equal(count(ops.lean, 'GatherElements'), 2 * LAYERS);
    assert.ok(count(ops.lean, 'Shape') <= 4, `lean graph has ${count(ops.lean, 'Shape')} Shape ops`);
    // rel-embedding LayerNorm folded: 2 per layer + the feature LayerNorm only
    assert.equal(count(ops.lean, 'LayerNormalization'), 2 * LAYERS + 1);

    assert.ok(
      count(ops.reference, 'Log') >= 2 && count(ops.reference, 'Ceil') >= 1,
      'reference computes log buckets in the graph',
    );
    assert.equal(count(ops.reference, 'ReduceL2'), 1, 'reference computes weight norm in the graph');
    assert.equal(count(ops.reference, 'Expand'), 2 * LAYERS, 'reference expands indices per layer');
    assert.equal(count(ops.reference, 'LayerNormalization'), 2 * LAYERS + 2);
    console.log(`nodes: lean ${ops.lean.length}, reference ${ops.reference.length} (${LAYERS} layers)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('lean and reference graphs agree past ±511 relative offsets, batch of two', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-long-'));
  try {
    const samples = 24 * 16_000;
    const input = new Float32Array(2 * samples);
    let seed = 12345;
    for (let i = 0; i < input.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      input[i] = (seed / 0x7fffffff - 0.5) * 3;
    }
    const logits: Float32Array[] = [];
    for (const style of ['lean', 'reference'] as const) {
      await convertCheckpoint(SEWD, join(dir, style), { style });
      const session = await openSession(join(dir, style, 'model.onnx'), { threads: 2 });
      const out = (await session.run({ input_values: f32(input, [2, samples]) })).logits!;
      assert.deepEqual(out.dims, [2, 1199, 32]);
      logits.push(out.data as Float32Array);
      await session.release();
    }
    let max = 0;
    for (let i = 0; i < logits[0]!.length; i++) max = Math.max(max, Math.abs(logits[0]![i]! - logits[1]![i]!));
    console.log(`24 s × 2 (599 encoder frames): max |lean − reference| = ${max.toExponential(2)}`);
    assert.ok(max <= 1e-4, `max diff ${max}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('windows down to one front-end frame (400 samples) convert to the reference frame count in both styles', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-short-'));
  try {
    const config = JSON.parse(await readFile(join(SEWD, 'config.json'), 'utf8')) as {
      conv_kernel: number[];
      conv_stride: number[];
    };
    // transformers' _get_feat_extract_output_lengths: floor((n − k) / s) + 1 per conv layer.
    const frames = (n: number) =>
      config.conv_kernel.reduce((len, k, i) => Math.floor((len - k) / config.conv_stride[i]!) + 1, n);
    const outputs: Record<string, Float32Array[]> = { lean: [], reference: [] };
    const lengths = [400, 719, 720, 1040, 1361];
    for (const style of ['lean', 'reference'] as const) {
      await convertCheckpoint(SEWD, join(dir, style), { style });
      const session = await openSession(join(dir, style, 'model.onnx'), { threads: 1 });
      for (const n of lengths) {
        const input = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 1.5);
        const out = (await session.run({ input_values: f32(input, [1, n]) })).logits!;
        assert.deepEqual(out.dims, [1, frames(n), 32], `${style}, ${n} samples`);
        outputs[style]!.push(out.data as Float32Array);
      }
      await session.release();
    }
    for (const [i, lean] of outputs.lean!.entries()) {
      const reference = outputs.reference![i]!;
      for (let j = 0; j < lean.length; j++)
        assert.ok(Math.abs(lean[j]! - reference[j]!) <= 1e-4, `${lengths[i]} samples, value ${j}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
