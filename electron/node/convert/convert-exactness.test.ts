/**
 * Exactness against transformers: every case of every fixture in models/fixtures, both graph
 * styles, converted for real and run with onnxruntime. Max |logits − reference| must be ≤ 1e-4 and
 * greedy text must equal the reference's. Prints the max difference per fixture/case/style.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { greedyDecode } from '../ctc/greedy.ts';
import { f32, openSession } from '../onnx/ort.ts';
import { convertCheckpoint } from './convert.ts';
import type { GraphStyle } from './front-end.ts';
import { readManifest } from './manifest.ts';
import { readSafetensors, writeSafetensors } from './safetensors.ts';

const FIXTURES = fileURLToPath(new URL('../../../models/fixtures/', import.meta.url));
const TOLERANCE = 1e-4;

interface ReferenceCase {
  samples: number;
  logits_shape: [number, number];
  greedy_text: string;
}
interface ReferenceManifest {
  cases: ReferenceCase[];
  batch2?: { input_shape: [number, number]; logits_shape: [number, number, number] };
}

const readF32 = async (path: string) => {
  const bytes = await readFile(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length, 'logits length');
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'verba-convert-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Converts `checkpoint`, runs every reference case and returns logits per case (batch2 last). */
async function runFixture(
  checkpoint: string,
  fixture: string,
  style: GraphStyle,
  label: string,
): Promise<Float32Array[]> {
  const reference = JSON.parse(
    await readFile(join(FIXTURES, fixture, 'reference', 'manifest.json'), 'utf8'),
  ) as ReferenceManifest;
  return withTemp(async (out) => {
    const manifest = await convertCheckpoint(checkpoint, out, { style });
    assert.deepEqual(await readManifest(out), manifest);
    const session = await openSession(join(out, 'model.onnx'), { threads: 2 });
    const outputs: Float32Array[] = [];
    try {
      const vocab = { tokens: manifest.vocab, blankId: manifest.blankId, wordDelimiter: manifest.wordDelimiter };
      for (const [n, c] of reference.cases.entries()) {
        const input = await readF32(join(FIXTURES, fixture, 'reference', `case${n}_input_values.f32`));
        assert.equal(input.length, c.samples);
        const result = (await session.run({ [manifest.inputName]: f32(input, [1, input.length]) }))[
          manifest.outputName
        ]!;
        assert.deepEqual(result.dims, [1, ...c.logits_shape]);
        const logits = result.data as Float32Array;
        const diff = maxAbsDiff(logits, await readF32(join(FIXTURES, fixture, 'reference', `case${n}_logits.f32`)));
        console.log(
          `${label} ${style} case${n} (${c.samples} samples, ${c.logits_shape[0]} frames): max |Δlogits| = ${diff.toExponential(2)}`,
        );
        assert.ok(diff <= TOLERANCE, `case ${n}: max diff ${diff} > ${TOLERANCE}`);
        const text = greedyDecode(
          { data: logits, frames: c.logits_shape[0], vocabSize: c.logits_shape[1] },
          vocab,
        ).text;
        assert.equal(text, c.greedy_text);
        outputs.push(logits);
      }
      if (reference.batch2 !== undefined) {
        const input = await readF32(join(FIXTURES, fixture, 'reference', 'batch2_input_values.f32'));
        const result = (await session.run({ [manifest.inputName]: f32(input, reference.batch2.input_shape) }))[
          manifest.outputName
        ]!;
        assert.deepEqual(result.dims, reference.batch2.logits_shape);
        const diff = maxAbsDiff(
          result.data as Float32Array,
          await readF32(join(FIXTURES, fixture, 'reference', 'batch2_logits.f32')),
        );
        console.log(
          `${label} ${style} batch2 ${JSON.stringify(reference.batch2.input_shape)}: max |Δlogits| = ${diff.toExponential(2)}`,
        );
        assert.ok(diff <= TOLERANCE, `batch2: max diff ${diff} > ${TOLERANCE}`);
        outputs.push(result.data as Float32Array);
      }
    } finally {
      await session.release();
    }
    return outputs;
  });
}

const fixtures = (await readdir(FIXTURES, { withFileTypes: true }))
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

test('the fixtures are present', () => {
  assert.deepEqual(fixtures, ['sew-test-public', 'sewd-test-public', 'wav2vec2-test-public']);
});

for (const fixture of fixtures) {
  for (const style of ['lean', 'reference'] as const) {
    test(`${fixture} (${style} graph) matches transformers' logits and greedy text`, async () => {
      await runFixture(join(FIXTURES, fixture), fixture, style, fixture);
    });
  }
}

test('weight norm stored as parametrizations.weight.original0/1 converts to the same logits', async () => {
  const fixture = 'sewd-test-public';
  const oldNames = await runFixture(join(FIXTURES, fixture), fixture, 'lean', `${fixture} (weight_g/weight_v)`);
  await withTemp(async (copy) => {
    await cp(join(FIXTURES, fixture), copy, { recursive: true });
    const tensors = await readSafetensors(join(copy, 'model.safetensors'));
    const base = 'sew_d.encoder.pos_conv_embed.conv';
    const renamed = new Map(
      [...tensors].map(([name, t]) => [
        name
          .replace(`${base}.weight_g`, `${base}.parametrizations.weight.original0`)
          .replace(`${base}.weight_v`, `${base}.parametrizations.weight.original1`),
        t,
      ]),
    );
    assert.ok(renamed.has(`${base}.parametrizations.weight.original0`) && !renamed.has(`${base}.weight_g`));
    await writeSafetensors(join(copy, 'model.safetensors.new'), renamed);
    await rename(join(copy, 'model.safetensors.new'), join(copy, 'model.safetensors'));
    const newNames = await runFixture(copy, fixture, 'lean', `${fixture} (parametrizations)`);
    assert.equal(newNames.length, oldNames.length);
    for (const [i, logits] of newNames.entries()) assert.deepEqual(logits, oldNames[i]);
  });
});
