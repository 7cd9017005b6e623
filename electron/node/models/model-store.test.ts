import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { cacheDir, conversionKey, modelDirName, resolveModel } from './model-store.ts';
import { readManifest } from '../convert/manifest.ts';
import { DEFAULT_MODEL_ID } from './hub.ts';
import { DEMO_MODEL_ID, DEMO_MODEL_NOTICE } from './demo-model.ts';
import { FIXTURES } from '../testing/fixtures.ts';

test('cache directory: VERBA_CACHE_DIR, else XDG_CACHE_HOME/verba, else ~/.cache/verba', () => {
  assert.equal(cacheDir({ VERBA_CACHE_DIR: '/x/cache', XDG_CACHE_HOME: '/y' }), '/x/cache');
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/y' }), '/y/verba');
  assert.equal(cacheDir({}), join(homedir(), '.cache', 'verba'));
});

test('--model: a checkpoint dir is converted once into the cache, a converted dir is used as is', async () => {
  const cache = await mkdtemp(join(tmpdir(), 'verba-cache-'));
  const env = { VERBA_CACHE_DIR: cache };
  try {
    const first = await resolveModel(join(FIXTURES, 'sewd-test-public'), { env });
    assert.equal(first.name, 'sewd-test-public');
    assert.ok(first.dir.startsWith(join(cache, 'converted')));
    const made = (await stat(join(first.dir, 'model.onnx'))).mtimeMs;
    const again = await resolveModel(join(FIXTURES, 'sewd-test-public'), { env, progress: () => assert.fail('converted again') });
    assert.equal(again.dir, first.dir);
    assert.equal((await stat(join(again.dir, 'model.onnx'))).mtimeMs, made);
    assert.deepEqual((await readdir(join(cache, 'converted'))).length, 1, 'no temporary directories left');
    assert.equal((await resolveModel(first.dir, { env })).dir, first.dir);
    await assert.rejects(resolveModel(join(FIXTURES, 'sewd-test-public', 'reference'), { env }), (e: unknown) => e instanceof VerbaError && e.code === 'CorruptModel');
    await assert.rejects(resolveModel(FIXTURES, { env }), (e: unknown) => e instanceof VerbaError && e.code === 'ModelNotFound');
    await assert.rejects(resolveModel('./no/such/model/dir', { env }), (e: unknown) => e instanceof VerbaError && e.code === 'ModelNotFound');
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('a hub id named explicitly, without network: one sentence pointing at verba convert, nothing left in the cache', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((r) => closed.close(() => r()));
  const cache = await mkdtemp(join(tmpdir(), 'verba-cache-'));
  try {
    await assert.rejects(resolveModel(DEFAULT_MODEL_ID, { env: { VERBA_CACHE_DIR: cache, HF_ENDPOINT: endpoint } }), (e: unknown) => {
      assert.ok(e instanceof VerbaError && e.code === 'HubUnreachable');
      assert.match(e.message, /^Could not download asapp\/sew-d-tiny-100k-ft-ls100h .*verba convert <checkpoint-dir> --out <dir>.*--model\)\.$/);
      return true;
    });
    const root = join(cache, 'hub', 'asapp--sew-d-tiny-100k-ft-ls100h', 'main');
    assert.deepEqual(await readdir(root), []);
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('no model chosen, the default neither cached nor reachable: the demo model, announced once, converted once', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((r) => closed.close(() => r()));
  const cache = await mkdtemp(join(tmpdir(), 'verba-cache-'));
  const env = { VERBA_CACHE_DIR: cache, HF_ENDPOINT: endpoint };
  try {
    const lines: string[] = [];
    const first = await resolveModel(undefined, { env, progress: (l) => lines.push(l) });
    assert.equal(first.name, DEMO_MODEL_ID);
    assert.equal((await readManifest(first.dir)).architecture, 'sew-d');
    assert.deepEqual(lines.filter((l) => l.includes('demo model')), [`verba: ${DEMO_MODEL_NOTICE}\n`]);
    assert.match(DEMO_MODEL_NOTICE, /synthetic.*download.*--model <dir>/);
    const again: string[] = [];
    const second = await resolveModel(undefined, { env, progress: (l) => again.push(l) });
    assert.equal(second.dir, first.dir);
    assert.ok(!again.some((l) => l.startsWith('Converting')), 'converted twice');
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('a changed vocab.json (or tokenizer/preprocessor config) converts again instead of reusing a stale entry', async () => {
  const work = await mkdtemp(join(tmpdir(), 'verba-cache-'));
  const env = { VERBA_CACHE_DIR: join(work, 'cache') };
  const checkpoint = join(work, 'checkpoint');
  try {
    await cp(join(FIXTURES, 'sewd-test-public'), checkpoint, { recursive: true });
    const first = await resolveModel(checkpoint, { env });
    // Same weights and config, two letters' ids swapped: a different model as far as text goes.
    const vocab = JSON.parse(await readFile(join(checkpoint, 'vocab.json'), 'utf8')) as Record<string, number>;
    [vocab.E, vocab.T] = [vocab.T!, vocab.E!];
    await writeFile(join(checkpoint, 'vocab.json'), JSON.stringify(vocab));
    const second = await resolveModel(checkpoint, { env });
    assert.notEqual(second.dir, first.dir, 'the stale conversion was reused');
    const manifest = await readManifest(second.dir);
    assert.equal(manifest.vocab[vocab.E!], 'E');
    assert.equal(manifest.vocab[vocab.T!], 'T');
    // The optional inputs count too, including their appearing or disappearing.
    const keys = new Set([await conversionKey(checkpoint)]);
    await writeFile(join(checkpoint, 'tokenizer_config.json'), JSON.stringify({ word_delimiter_token: '|' }));
    keys.add(await conversionKey(checkpoint));
    await writeFile(join(checkpoint, 'preprocessor_config.json'), JSON.stringify({ sampling_rate: 16000, do_normalize: true, padding_value: 0 }));
    keys.add(await conversionKey(checkpoint));
    await rm(join(checkpoint, 'preprocessor_config.json'));
    keys.add(await conversionKey(checkpoint));
    assert.equal(keys.size, 4);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('folders the model manager keeps are named by their model in transcripts', () => {
  assert.equal(modelDirName('/c/hub/asapp--sew-d-mid/refs%2Fpr%2F1/checkpoint'), 'asapp/sew-d-mid');
  assert.equal(modelDirName('/c/hub/asapp--sew-d-tiny/main/converted-1.1.0-int8'), 'asapp/sew-d-tiny');
  assert.equal(modelDirName('/c/imported/my-model/checkpoint'), 'my-model');
  assert.equal(modelDirName('/home/ada/sewd-test-public'), 'sewd-test-public');
});
