import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { SEWD_PRESETS, countParameters, presetConfig, sewdTensorShapes } from './sewd-checkpoint.ts';

test('benchmark checkpoints have the published parameter counts of asapp sew-d tiny / mid / base-plus', () => {
  // Counts of transformers' SEWDForCTC for asapp/sew-d-{tiny-100k,mid-400k,base-plus-400k}-ft-ls100h (DESIGN, issue 3).
  const published = { tiny: 24_127_423, mid: 78_816_063, 'base-plus': 177_003_711 };
  for (const preset of SEWD_PRESETS) assert.equal(countParameters(preset), published[preset], preset);
});

test('benchmark tensor names and config keys follow the reference checkpoint layout', async () => {
  const fixture = new URL('../../../models/fixtures/sewd-test-public/', import.meta.url);
  const bytes = await readFile(new URL('model.safetensors', fixture));
  const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8')) as Record<
    string,
    { shape: number[] }
  >;
  // Same names as a real (2-layer) SEWDForCTC state dict, layer count aside.
  const names = (list: string[]) =>
    new Set(list.filter((n) => n !== '__metadata__').map((n) => n.replace(/layer\.\d+\./, 'layer.N.')));
  assert.deepEqual(names(sewdTensorShapes('tiny').map((t) => t.name)), names(Object.keys(header)));
  const config = JSON.parse(await readFile(new URL('config.json', fixture), 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(presetConfig('tiny'))) {
    if (key !== 'architectures') assert.ok(key in config, `${key} is a real config key`);
  }
});
