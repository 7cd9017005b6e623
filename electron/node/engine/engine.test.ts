/**
 * The Processor choice on the real sew-d fixture checkpoint in real onnxruntime sessions: the variant
 * follows the provider that really runs (int8 on the CPU, fp16 on an accelerator), a failed or
 * disagreeing accelerator ends on the CPU in the CPU's variant with the reason, an explicit precision
 * is kept, and a folder holding only a converted model runs what it holds and says why. This machine
 * has no GPU: the test hooks of ort.ts make an accelerator fail, or stand in for one with the CPU.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { variantOf } from '../convert/manifest.ts';
import { providerTestHooks } from '../onnx/ort.ts';
import { FIXTURES, convertedSewdFixture } from '../testing/fixtures.ts';
import { measureEngine, openEngine } from './engine.ts';

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
afterEach(() => {
  delete providerTestHooks.failCreate;
  delete providerTestHooks.standIn;
  delete providerTestHooks.corruptWarmup;
});

test('on the CPU, Automatic precision is int8; an explicit precision is kept', async () => {
  const auto = await openEngine(CHECKPOINT, { device: 'cpu', variant: 'auto' });
  try {
    assert.equal(auto.recognizer.device, 'cpu');
    assert.equal(variantOf(auto.recognizer.info), 'int8');
    assert.equal(auto.fallbackReason, null);
  } finally {
    await auto.recognizer.release();
  }
  const exact = await openEngine(CHECKPOINT, { device: 'cpu', variant: 'fp32' });
  try {
    assert.equal(variantOf(exact.recognizer.info), 'fp32');
  } finally {
    await exact.recognizer.release();
  }
});

test('Automatic with no usable accelerator: the CPU in int8, with why the accelerators were skipped', async () => {
  providerTestHooks.failCreate = ['cuda', 'webgpu', 'coreml', 'dml'];
  const opened = await openEngine(CHECKPOINT, { device: 'auto', variant: 'auto' });
  try {
    assert.equal(opened.recognizer.device, 'cpu');
    assert.equal(variantOf(opened.recognizer.info), 'int8');
    // Linux offers webgpu in this build (cuda only with its libraries): its failure is the reason.
    if (process.platform === 'linux') assert.match(opened.fallbackReason ?? '', /webgpu unavailable/);
  } finally {
    await opened.recognizer.release();
  }
});

test('an accelerator that works runs fp16; one whose warm-up disagrees ends on the CPU in int8', async () => {
  providerTestHooks.standIn = ['webgpu']; // the CPU provider underneath: a session that really runs
  const gpu = await openEngine(CHECKPOINT, { device: 'webgpu', variant: 'auto' });
  try {
    assert.equal(gpu.recognizer.device, 'webgpu');
    assert.equal(variantOf(gpu.recognizer.info), 'fp16');
    assert.equal(gpu.fallbackReason, null);
  } finally {
    await gpu.recognizer.release();
  }
  providerTestHooks.corruptWarmup = ['webgpu'];
  const broken = await openEngine(CHECKPOINT, { device: 'webgpu', variant: 'auto' });
  try {
    assert.equal(broken.recognizer.device, 'cpu');
    assert.equal(variantOf(broken.recognizer.info), 'int8', 'the CPU runs the CPU’s variant, not fp16');
    assert.match(broken.fallbackReason ?? '', /webgpu computed different logits from the CPU/);
  } finally {
    await broken.recognizer.release();
  }
});

test('a folder with only a converted model runs the variant it holds, and says why', async () => {
  const converted = await convertedSewdFixture(); // fp32, no checkpoint beside it
  const opened = await openEngine(converted, { device: 'cpu', variant: 'int8' });
  try {
    assert.equal(variantOf(opened.recognizer.info), 'fp32');
    assert.match(opened.fallbackReason ?? '', /int8 is not available: this model folder holds a converted model only/);
  } finally {
    await opened.recognizer.release();
  }
});

test('measureEngine times 10 s of audio and reports provider, variant and speed', async () => {
  const opened = await openEngine(CHECKPOINT, { device: 'cpu', variant: 'int8' });
  try {
    const report = await measureEngine(opened.recognizer, opened.fallbackReason);
    assert.equal(report.provider, 'cpu');
    assert.equal(report.variant, 'int8');
    assert.equal(report.audioSeconds, 10);
    assert.ok(report.ms > 0 && report.realTime === Math.round(10_000 / report.ms), JSON.stringify(report));
    assert.ok(report.threads >= 1);
  } finally {
    await opened.recognizer.release();
  }
});
