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
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  autoCandidates,
  intraOpThreads,
  openSessionCount,
  providerTestHooks,
  vulkanDriverPaths,
  vulkanDriverPresent,
} from './ort.ts';
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

test('WebGPU on Linux needs a Vulkan driver manifest where the loader looks; without one the reason says so, quietly', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-vulkan-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // The loader's search (the user's config, XDG config dirs, /usr/local/etc and /etc, the user's data,
  // XDG data dirs), then where NixOS and Flatpak put drivers.
  const search = vulkanDriverPaths({ HOME: '/home/u', XDG_DATA_DIRS: '/opt/share' });
  assert.equal(search.override, false);
  assert.deepEqual(search.paths, [
    '/home/u/.config/vulkan/icd.d',
    '/etc/xdg/vulkan/icd.d',
    '/usr/local/etc/vulkan/icd.d',
    '/etc/vulkan/icd.d',
    '/home/u/.local/share/vulkan/icd.d',
    '/opt/share/vulkan/icd.d',
    '/usr/share/vulkan/icd.d',
    '/run/opengl-driver/share/vulkan/icd.d',
    '/usr/lib/*/GL/vulkan/icd.d',
  ]);
  // Without HOME no per-user folder is guessed (a relative path would read the current folder).
  assert.ok(vulkanDriverPaths({}).paths.every((p) => p.startsWith('/')));
  // VK_DRIVER_FILES replaces the search (the GPU machine's script sets it): a manifest there counts, a
  // folder without one or a missing file does not.
  assert.equal(vulkanDriverPresent({ VK_DRIVER_FILES: join(dir, 'missing.json') }), false);
  assert.equal(vulkanDriverPresent({ VK_DRIVER_FILES: dir }), false);
  await writeFile(join(dir, 'nvidia_icd.json'), '{}');
  assert.equal(vulkanDriverPresent({ VK_DRIVER_FILES: dir }), true);
  assert.equal(vulkanDriverPresent({ VK_ICD_FILENAMES: join(dir, 'nvidia_icd.json') }), true);

  if (process.platform !== 'linux' || vulkanDriverPresent()) {
    t.skip('this machine has a Vulkan driver: the quiet fallback applies only without one');
    return;
  }
  // The CLI on a machine without one: the reason names the missing driver, and Dawn's own warning
  // ("vkCreateInstance failed") never reaches the terminal.
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['electron/cli/verba.ts', 'transcribe', 'models/samples/dictation.flac', '--device', 'webgpu'],
    { env: { ...process.env, VK_DRIVER_FILES: '', VK_ICD_FILENAMES: '' } },
  );
  assert.ok(stdout.trim().length > 0, 'the CPU still transcribes');
  assert.match(stderr, /webgpu unavailable \(no WebGPU adapter: no Vulkan driver is installed/);
  assert.doesNotMatch(stderr, /vkCreateInstance/);
});
