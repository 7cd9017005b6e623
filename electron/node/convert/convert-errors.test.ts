/**
 * Bad checkpoints get one clear sentence (a VerbaError naming the file, key or tensor), never a
 * half-written model: truncated weights, unsupported config values, unknown architectures, vocab
 * and shape mismatches, missing and unexplained tensors, broken manifests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VerbaError } from '../../common/result.ts';
import { convertCheckpoint } from './convert.ts';
import { readManifest } from './manifest.ts';
import { readSafetensors, writeSafetensors } from './safetensors.ts';

const SEWD = fileURLToPath(new URL('../../../models/fixtures/sewd-test-public/', import.meta.url));
const CHECKPOINT_FILES = ['config.json', 'model.safetensors', 'vocab.json', 'preprocessor_config.json'];

async function scratchCheckpoint(): Promise<{ src: string; out: string; done: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'verba-bad-'));
  for (const f of CHECKPOINT_FILES) await cp(join(SEWD, f), join(root, 'ckpt', f));
  return { src: join(root, 'ckpt'), out: join(root, 'out'), done: () => rm(root, { recursive: true, force: true }) };
}

async function editConfig(dir: string, edit: (c: Record<string, unknown>) => void): Promise<void> {
  const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  edit(config);
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
}

async function expectFailure(prepare: (src: string) => Promise<void>, code: string, pattern: RegExp): Promise<void> {
  const { src, out, done } = await scratchCheckpoint();
  try {
    await prepare(src);
    await assert.rejects(convertCheckpoint(src, out), (e: unknown) => {
      assert.ok(e instanceof VerbaError, `not a VerbaError: ${String(e)}`);
      assert.equal(e.code, code, e.message);
      assert.match(e.message, pattern);
      assert.doesNotMatch(e.message, /\n/, 'one line');
      return true;
    });
    await assert.rejects(access(join(out, 'manifest.json')), 'no manifest after a failed conversion');
  } finally {
    await done();
  }
}

test('a truncated model.safetensors is reported as corrupt, naming the file', async () => {
  await expectFailure(
    async (src) => truncate(join(src, 'model.safetensors'), 200_000),
    'CorruptCheckpoint',
    /model\.safetensors.*truncated/,
  );
});

test('unsupported config values name the key and the value', async () => {
  const cases: [string, unknown, RegExp][] = [
    ['feat_extract_norm', 'batch', /feat_extract_norm = "batch" is not supported/],
    ['hidden_act', 'gelu_new', /hidden_act = "gelu_new" is not supported/],
    ['pos_att_type', ['c2p', 'p2p'], /pos_att_type = \["c2p","p2p"\] is not supported/],
    ['norm_rel_ebd', 'batch_norm', /norm_rel_ebd = "batch_norm"/],
    ['relative_attention', false, /relative_attention = false/],
    ['conv_kernel', [10, 3], /conv_kernel = \[10,3\] is not supported \(num_feat_extract_layers is 13\)/],
  ];
  for (const [key, value, pattern] of cases) {
    await expectFailure((src) => editConfig(src, (c) => (c[key] = value)), 'UnsupportedCheckpoint', pattern);
  }
});

test('unknown architectures are refused', async () => {
  await expectFailure(
    (src) => editConfig(src, (c) => (c.model_type = 'hubert')),
    'UnsupportedCheckpoint',
    /model_type = "hubert" is not supported/,
  );
  await expectFailure(
    (src) => editConfig(src, (c) => (c.architectures = ['SEWDForSequenceClassification'])),
    'UnsupportedCheckpoint',
    /architectures = \["SEWDForSequenceClassification"\]/,
  );
});

test('vocabulary, shape and tensor mismatches are refused', async () => {
  await expectFailure(
    (src) => editConfig(src, (c) => (c.vocab_size = 40)),
    'UnsupportedCheckpoint',
    /vocab\.json has 32 tokens but config\.json vocab_size is 40/,
  );
  await expectFailure(
    (src) => editConfig(src, (c) => (c.intermediate_size = 96)),
    'UnsupportedCheckpoint',
    /intermediate\.dense\.weight has shape \[128, 64\], expected \[96, 64\]/,
  );
  const rewrite = (edit: (m: Map<string, { shape: number[]; data: Float32Array }>) => void) => async (src: string) => {
    const tensors = await readSafetensors(join(src, 'model.safetensors'));
    edit(tensors);
    await writeSafetensors(join(src, 'model.safetensors'), tensors);
  };
  await expectFailure(
    rewrite((m) => m.delete('sew_d.encoder.upsample.projection.bias')),
    'UnsupportedCheckpoint',
    /has no tensor sew_d\.encoder\.upsample\.projection\.bias/,
  );
  await expectFailure(
    rewrite((m) =>
      m.set('sew_d.encoder.encoder.conv.conv.weight', { shape: [64, 64, 3], data: new Float32Array(64 * 64 * 3) }),
    ),
    'UnsupportedCheckpoint',
    /does not explain \(e\.g\. sew_d\.encoder\.encoder\.conv\.conv\.weight\)/,
  );
});

test('a checkpoint without weights is reported as such', async () => {
  await expectFailure(
    (src) => rm(join(src, 'model.safetensors')),
    'CheckpointNotFound',
    /neither model\.safetensors nor pytorch_model\.bin/,
  );
});

test('readManifest refuses a missing or malformed manifest with one sentence', async () => {
  const root = await mkdtemp(join(tmpdir(), 'verba-manifest-'));
  try {
    await assert.rejects(readManifest(root), (e: unknown) => e instanceof VerbaError && e.code === 'ModelNotFound');
    await writeFile(join(root, 'manifest.json'), '{"format": 1, "architecture": "sew-d"');
    await assert.rejects(
      readManifest(root),
      (e: unknown) => e instanceof VerbaError && e.code === 'CorruptModel' && /not valid JSON/.test(e.message),
    );
    await writeFile(join(root, 'manifest.json'), JSON.stringify({ format: 1, architecture: 'conformer' }));
    await assert.rejects(
      readManifest(root),
      (e: unknown) => e instanceof VerbaError && /architecture "conformer" is unknown/.test(e.message),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
