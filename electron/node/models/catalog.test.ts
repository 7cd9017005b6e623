import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../testing/media.ts';
import { catalogEntry, estimatedBytes, loadCatalog, validateCatalog } from './catalog.ts';

test('the catalog lists the four SEW-D checkpoints, SEW tiny, a wav2vec2 baseline and the demo model', async () => {
  const c = await loadCatalog();
  for (const id of [
    'asapp/sew-d-tiny-100k-ft-ls100h',
    'asapp/sew-d-mid-400k-ft-ls100h',
    'asapp/sew-d-mid-k127-400k-ft-ls100h',
    'asapp/sew-d-base-plus-400k-ft-ls100h',
    'asapp/sew-tiny-100k-ft-ls100h',
    'facebook/wav2vec2-base-100h',
  ])
    assert.ok(catalogEntry(c, id).revision !== null, id);
  assert.equal(c.default, 'asapp/sew-d-tiny-100k-ft-ls100h');
  const weights = (id: string) => catalogEntry(c, id).files.find((f) => f.path !== 'config.json' && f.path !== 'vocab.json')!.path;
  assert.equal(weights('asapp/sew-d-tiny-100k-ft-ls100h'), 'model.safetensors');
  assert.equal(weights('asapp/sew-d-base-plus-400k-ft-ls100h'), 'model.safetensors');
  assert.equal(catalogEntry(c, 'asapp/sew-d-mid-400k-ft-ls100h').revision, 'refs/pr/1');
  assert.equal(weights('asapp/sew-tiny-100k-ft-ls100h'), 'pytorch_model.bin');
  assert.ok(estimatedBytes(catalogEntry(c, c.default)) > 90e6);
});

test("the demo model's recorded sizes and sha256 are those of the bundled files", async () => {
  const demo = (await loadCatalog()).models.find((m) => m.demo === true)!;
  for (const f of demo.files) {
    const bytes = await readFile(join(REPO_ROOT, demo.bundled!, f.path));
    assert.equal(bytes.byteLength, f.bytes, f.path);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, f.path);
  }
});

test('a damaged catalog fails with the entry that is wrong', async () => {
  const good = JSON.parse(await readFile(join(REPO_ROOT, 'models/catalog.json'), 'utf8'));
  const broken = structuredClone(good);
  broken.models[1].commit = 'abc123';
  assert.throws(() => validateCatalog(broken), /sew-d-mid-400k-ft-ls100h.*40 hex/);
  const twice = structuredClone(good);
  twice.models.push(good.models[0]);
  assert.throws(() => validateCatalog(twice), /listed twice/);
  assert.throws(() => validateCatalog({ ...good, default: 'x/y' }), /default model/);
});
