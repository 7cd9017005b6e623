/**
 * Provider choice with a verified warm-up, on the real sew-d fixture model in real onnxruntime
 * sessions. This machine has no GPU, so the test hooks make an accelerator fail to create, or stand
 * in for one with the CPU provider underneath (a session that really runs), optionally with its
 * warm-up logits shifted as a broken kernel's would be. Each case must end on the CPU with the reason.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Recognizer } from '../engine/recognizer.ts';
import { convertedSewdFixture } from '../testing/fixtures.ts';
import { autoCandidates, intraOpThreads, openSessionCount, providerTestHooks } from './ort.ts';
import { compareLogits } from './logits-agreement.ts';

afterEach(() => {
  delete providerTestHooks.failCreate;
  delete providerTestHooks.standIn;
  delete providerTestHooks.corruptWarmup;
});

test('a provider that fails to create falls back to the CPU with the reason', async () => {
  providerTestHooks.failCreate = ['webgpu'];
  const before = openSessionCount();
  const r = await Recognizer.open(await convertedSewdFixture(), { device: 'webgpu', threads: 1 });
  try {
    assert.equal(r.device, 'cpu');
    assert.match(r.fallbackReason ?? '', /^webgpu unavailable \(webgpu failed to create/);
    assert.ok(r.warmup !== null && r.warmup.runMs >= 0, 'the CPU session is warmed up after the fallback');
  } finally {
    await r.release();
  }
  assert.equal(openSessionCount(), before);
});

test('an accelerator whose warm-up logits disagree with the CPU is dropped for the CPU, with the bound', async () => {
  providerTestHooks.standIn = ['webgpu'];
  providerTestHooks.corruptWarmup = ['webgpu'];
  const r = await Recognizer.open(await convertedSewdFixture(), { device: 'webgpu', threads: 1 });
  try {
    assert.equal(r.device, 'cpu');
    assert.match(
      r.fallbackReason ?? '',
      /^webgpu computed different logits from the CPU \(max logit difference 1\.00 against a bound of /,
    );
  } finally {
    await r.release();
  }
});

test('an accelerator that agrees with the CPU is kept, with its measured warm-up', async () => {
  providerTestHooks.standIn = ['webgpu'];
  const r = await Recognizer.open(await convertedSewdFixture(), { device: 'webgpu', threads: 1 });
  try {
    assert.equal(r.device, 'webgpu');
    assert.equal(r.fallbackReason, null);
    assert.equal(r.warmup?.maxDifference, 0, 'the same CPU kernels underneath give identical logits');
    assert.equal(r.warmup?.frameAgreement, 1);
    assert.ok((r.warmup?.cpuRunMs ?? -1) >= 0);
  } finally {
    await r.release();
  }
});

test('auto tries the platform accelerators in order, CUDA only with its libraries, then the CPU', async () => {
  for (const d of autoCandidates('linux')) assert.ok(['cuda', 'webgpu'].includes(d));
  assert.ok(!autoCandidates('darwin').includes('dml'));
  providerTestHooks.failCreate = ['cuda', 'webgpu', 'coreml', 'dml'];
  const r = await Recognizer.open(await convertedSewdFixture(), { device: 'auto', threads: 1 });
  try {
    assert.equal(r.device, 'cpu');
    for (const d of autoCandidates()) assert.match(r.fallbackReason ?? '', new RegExp(`${d} unavailable`));
  } finally {
    await r.release();
  }
});

test('desktop sessions leave a core free; explicit threads win', () => {
  assert.equal(intraOpThreads({ threads: 3, leaveCoresFree: true }), 3);
  assert.ok(intraOpThreads({ leaveCoresFree: true }) >= 1);
  assert.equal(intraOpThreads({}), 0);
});

test('logit agreement: a NaN or a different argmax fails; a tiny difference passes', () => {
  const a = Float32Array.of(0, 5, 1, 9, 2, 3);
  const limits = { relativeTolerance: 0.02, frameAgreement: 0.99 };
  assert.equal(
    compareLogits(
      a,
      Float32Array.from(a, (v) => v + 1e-4),
      3,
      limits,
    ).ok,
    true,
  );
  assert.equal(compareLogits(a, Float32Array.of(0, 5, 1, 9, 2, NaN), 3, limits).ok, false);
  const flipped = compareLogits(a, Float32Array.of(0, 5, 1, 2, 2.1, 2.05), 3, {
    relativeTolerance: 1,
    frameAgreement: 0.99,
  });
  assert.equal(flipped.ok, false);
  assert.equal(flipped.frameAgreement, 0.5);
});
