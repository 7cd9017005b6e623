/**
 * What the int8 and fp16 variants are, checked on the written model.onnx of the sew-d fixture: which
 * ops carry the weights, which element types the initializers have, the opset domains, the manifest's
 * variant, and that each runs in onnxruntime and stays near the fp32 graph on the same input.
 * Agreement on real speech is bench/variant-agreement.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { f32, openSession } from '../onnx/ort.ts';
import { INT8_SCHEMES, INT8_SCHEME_NAMES, convertCheckpoint } from './convert.ts';
import { readManifest } from './manifest.ts';
import { DataType, decodeModel } from './onnx-model.ts';

const SEWD = fileURLToPath(new URL('../../../models/fixtures/sewd-test-public/', import.meta.url));

interface Decoded {
  opset_import: { domain?: string; version: number }[];
  graph: {
    node: { op_type: string; domain?: string }[];
    initializer: { name: string; data_type: number; dims: number[] }[];
  };
}

async function run(dir: string, input: Float32Array): Promise<Float32Array> {
  const session = await openSession(join(dir, 'model.onnx'), { device: 'cpu', threads: 1 });
  try {
    const out = await session.run({ input_values: f32(input, [1, input.length]) });
    return out.logits!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const input = Float32Array.from({ length: 16_000 }, (_, i) => Math.sin(i * 0.05) * Math.sin(i * 0.0007));
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

test('int8 schemes put every weight MatMul in 8 bits and stay near fp32; fp16 computes in half precision', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-variants-'));
  try {
    await convertCheckpoint(SEWD, join(dir, 'fp32'));
    const reference = await run(join(dir, 'fp32'), input);
    const fp32 = decodeModel(await readFile(join(dir, 'fp32', 'model.onnx'))) as unknown as Decoded;
    const weightMatMuls = fp32.graph.node.filter((n) => n.op_type === 'MatMul').length;
    const scale = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (const scheme of INT8_SCHEME_NAMES) {
      const out = join(dir, `int8-${scheme}`);
      await convertCheckpoint(SEWD, out, { variant: 'int8', int8: INT8_SCHEMES[scheme] });
      assert.equal((await readManifest(out)).variant, 'int8');
      const model = decodeModel(await readFile(join(out, 'model.onnx'))) as unknown as Decoded;
      const ops = model.graph.node.map((n) => n.op_type);
      const quantised = ops.filter((o) => o === 'MatMulInteger' || o === 'MatMulNBits').length;
      assert.ok(quantised > 0, `${scheme}: no quantised MatMul`);
      assert.ok(!ops.includes('ConvInteger'), `${scheme}: ConvInteger (measured slower than float convs)`);
      if (ops.includes('MatMulNBits'))
        assert.ok(
          model.opset_import.some((o) => o.domain === 'com.microsoft'),
          `${scheme}: contrib domain missing`,
        );
      // Only activation × activation products (attention) stay float MatMuls.
      const floatWeights = model.graph.initializer.filter(
        (t) => t.data_type === DataType.FLOAT && (t.dims ?? []).length === 2,
      );
      assert.ok(
        floatWeights.every((t) => !t.name.endsWith('.wT')),
        `${scheme}: float weight matrix left`,
      );
      assert.ok(ops.filter((o) => o === 'MatMul').length < weightMatMuls, `${scheme}: MatMuls not replaced`);
      const diff = maxDiff(await run(out, input), reference);
      assert.ok(diff < 0.1 * scale, `${scheme}: max logit difference ${diff} (logits span ±${scale})`);
      assert.ok(diff > 0, `${scheme}: identical to fp32, so nothing was quantised`);
    }
    await convertCheckpoint(SEWD, join(dir, 'fp16'), { variant: 'fp16' });
    const half = decodeModel(await readFile(join(dir, 'fp16', 'model.onnx'))) as unknown as Decoded;
    assert.ok(
      half.graph.initializer.every((t) => t.data_type !== DataType.FLOAT),
      'a float32 initializer is left',
    );
    assert.ok(half.graph.initializer.some((t) => t.data_type === DataType.FLOAT16));
    assert.equal(half.graph.node[0]!.op_type, 'Cast', 'the float32 input is cast to float16 first');
    assert.equal(half.graph.node.at(-1)!.op_type, 'Cast', 'the logits are cast back to float32');
    const diff = maxDiff(await run(join(dir, 'fp16'), input), reference);
    assert.ok(diff > 0 && diff < 0.02 * scale, `fp16 max logit difference ${diff}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
