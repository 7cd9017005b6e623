/**
 * The Processor choice on the real sew-d fixture checkpoint in real onnxruntime sessions: the variant
 * follows the provider that really runs (int8 on the CPU, fp16 on an accelerator), a failed or
 * disagreeing accelerator ends on the CPU in the CPU's variant with the reason, an explicit precision
 * is kept, and a folder holding only a converted model runs what it holds and says why. This machine
 * has no GPU: the test hooks of ort.ts make an accelerator fail, or stand in for one with the CPU.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { variantOf } from '../convert/manifest.ts';
import { providerTestHooks } from '../onnx/ort.ts';
import { FIXTURES, convertedSewdFixture } from '../testing/fixtures.ts';
import { measureEngine, openEngine } from './engine.ts';
import { Recognizer } from './recognizer.ts';

const CHECKPOINT = join(FIXTURES, 'sewd-test-public');
let cache = '';
const previousCache = process.env.VERBA_CACHE_DIR;

before(async () => {
  cache = await mkdtemp(join(tmpdir(), 'verba-engine-'));
  process.env.VERBA_CACHE_DIR = cache; // variants are converted into a cache of this test's own
});
after(async () => {
  if (previousCache === undefined) delete process.env.VERBA_CACHE_DIR;
  else process.env.VERBA_CACHE_DIR = previousCache;
  await rm(cache, { recursive: true, force: true });
});

type Opened = Awaited<ReturnType<typeof openEngine>>;

/** Opens `folder` with a processor choice, runs `check` on what opened, and always releases it. */
async function withEngine(
  folder: string,
  choice: Parameters<typeof openEngine>[1],
  check: (opened: Opened) => void | Promise<void>,
): Promise<void> {
  const opened = await openEngine(folder, choice);
  try {
    await check(opened);
  } finally {
    await opened.recognizer.release();
  }
}
afterEach(() => {
  delete providerTestHooks.failCreate;
  delete providerTestHooks.standIn;
  delete providerTestHooks.corruptWarmup;
});

test('on the CPU, Automatic precision is int8; an explicit precision is kept', async () => {
  await withEngine(CHECKPOINT, { device: 'cpu', variant: 'auto' }, async (auto) => {
    assert.equal(auto.recognizer.device, 'cpu');
    assert.equal(variantOf(auto.recognizer.info), 'int8');
    assert.equal(auto.fallbackReason, null);
  });
  await withEngine(CHECKPOINT, { device: 'cpu', variant: 'fp32' }, async (exact) => {
    assert.equal(variantOf(exact.recognizer.info), 'fp32');
  });
});

test('an explicit accelerator that cannot open is found out before a GPU variant is converted for it', async () => {
  providerTestHooks.failCreate = ['webgpu'];
  await withEngine(CHECKPOINT, { device: 'webgpu', variant: 'auto' }, async (opened) => {
    assert.equal(opened.recognizer.device, 'cpu');
    assert.equal(variantOf(opened.recognizer.info), 'int8');
    assert.match(opened.fallbackReason ?? '', /^webgpu unavailable \(webgpu failed to create/);
  });
  // Runs before any test here asks for fp16: none was converted on the way.
  const converted = await readdir(cache, { recursive: true });
  assert.ok(!converted.some((p) => /fp16/.test(p)), converted.join(', '));
  assert.ok(
    converted.some((p) => /int8/.test(p)),
    converted.join(', '),
  );
});

test('Automatic with no usable accelerator: the CPU in int8, with why the accelerators were skipped', async () => {
  providerTestHooks.failCreate = ['cuda', 'webgpu', 'coreml', 'dml'];
  await withEngine(CHECKPOINT, { device: 'auto', variant: 'auto' }, async (opened) => {
    assert.equal(opened.recognizer.device, 'cpu');
    assert.equal(variantOf(opened.recognizer.info), 'int8');
    // Linux offers webgpu in this build (cuda only with its libraries): its failure is the reason.
    if (process.platform === 'linux') assert.match(opened.fallbackReason ?? '', /webgpu unavailable/);
  });
});

test('an accelerator that works runs fp16; one whose warm-up disagrees ends on the CPU in int8', async () => {
  providerTestHooks.standIn = ['webgpu']; // the CPU provider underneath: a session that really runs
  await withEngine(CHECKPOINT, { device: 'webgpu', variant: 'auto' }, async (gpu) => {
    assert.equal(gpu.recognizer.device, 'webgpu');
    assert.equal(variantOf(gpu.recognizer.info), 'fp16');
    assert.equal(gpu.fallbackReason, null);
  });
  providerTestHooks.corruptWarmup = ['webgpu'];
  await withEngine(CHECKPOINT, { device: 'webgpu', variant: 'auto' }, async (broken) => {
    assert.equal(broken.recognizer.device, 'cpu');
    assert.equal(variantOf(broken.recognizer.info), 'int8', 'the CPU runs the CPU’s variant, not fp16');
    assert.match(broken.fallbackReason ?? '', /webgpu computed different logits from the CPU/);
  });
});

test('a folder with only a converted model runs the variant it holds, and says why', async () => {
  const converted = await convertedSewdFixture(); // fp32, no checkpoint beside it
  await withEngine(converted, { device: 'cpu', variant: 'int8' }, async (opened) => {
    assert.equal(variantOf(opened.recognizer.info), 'fp32');
    assert.match(opened.fallbackReason ?? '', /int8 is not available: this model folder holds a converted model only/);
  });
});

test('measureEngine times 10 s of audio and reports provider, variant and speed', async () => {
  await withEngine(CHECKPOINT, { device: 'cpu', variant: 'int8' }, async (opened) => {
    const report = await measureEngine(opened.recognizer, opened.fallbackReason);
    assert.equal(report.provider, 'cpu');
    assert.equal(report.variant, 'int8');
    assert.equal(report.audioSeconds, 10);
    assert.ok(report.ms > 0 && report.realTime === Math.round(10_000 / report.ms), JSON.stringify(report));
    assert.ok(report.threads >= 1);
  });

  test('measureEngine reports the threads its session was opened with', async () => {
    const recognizer = await Recognizer.open(await convertedSewdFixture(), { threads: 3 });
    try {
      assert.equal((await measureEngine(recognizer, null)).threads, 3);
    } finally {
      await recognizer.release();
    }
  });
});
