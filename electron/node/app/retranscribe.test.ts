import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CTC_DECODING_DEFAULTS } from '../../common/defaults.ts';
import { isHostTranscribeFileRequest } from '../../common/host-contract.ts';
import { decoderChoice, decoderForPage, findLm } from './retranscribe.ts';

test('greedy asks the host for no beam; beam search takes the model’s language model when it has one', () => {
  assert.deepEqual(decoderChoice('greedy', '/m/lm.arpa'), { beam: null, info: { decoder: 'greedy' } });
  const width = CTC_DECODING_DEFAULTS.beamWidth;
  assert.deepEqual(decoderChoice('beam', '/m/lm.arpa'), {
    beam: { width, lm: '/m/lm.arpa' },
    info: { decoder: 'beam', beamWidth: width, lm: '/m/lm.arpa' },
  });
  assert.deepEqual(decoderChoice('beam', null, 8), { beam: { width: 8 }, info: { decoder: 'beam', beamWidth: 8 } });
});

test('the page sees a language model by its file name, never its path', () => {
  assert.deepEqual(decoderForPage({ decoder: 'beam', beamWidth: 16, lm: '/opt/verba/models/demo-3gram.arpa' }), {
    decoder: 'beam',
    beamWidth: 16,
    lm: 'demo-3gram.arpa',
  });
  assert.deepEqual(decoderForPage({ decoder: 'greedy' }), { decoder: 'greedy' });
});

test('a model’s language model is the first .arpa of its folder, else of its checkpoint folder', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'verba-find-lm-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const converted = join(root, 'converted');
  const checkpoint = join(root, 'checkpoint');
  await mkdir(converted);
  await mkdir(checkpoint);
  await writeFile(join(converted, 'model.onnx'), '');
  assert.equal(await findLm([converted, checkpoint, join(root, 'gone')]), null);
  await writeFile(join(checkpoint, 'words-4gram.ARPA'), '');
  await writeFile(join(checkpoint, 'b.arpa'), '');
  assert.equal(await findLm([converted, null, checkpoint]), join(checkpoint, 'b.arpa'));
  await writeFile(join(converted, 'z.arpa'), '');
  assert.equal(await findLm([converted, checkpoint]), join(converted, 'z.arpa'));
});

test('the host’s file request takes an optional beam, checked as strictly as the rest', () => {
  assert.equal(isHostTranscribeFileRequest({ path: '/a.wav' }), true);
  assert.equal(isHostTranscribeFileRequest({ path: '/a.wav', beam: { width: 16, lm: '/m/lm.arpa' } }), true);
  assert.equal(isHostTranscribeFileRequest({ path: '/a.wav', model: '/m', beam: { width: 4 } }), true);
  for (const beam of [{ width: 0 }, { width: 2.5 }, { width: 16, lm: '' }, { width: 16, extra: 1 }, 'beam', null])
    assert.equal(isHostTranscribeFileRequest({ path: '/a.wav', beam }), false, JSON.stringify(beam));
  assert.equal(isHostTranscribeFileRequest({ path: 'relative.wav', beam: { width: 4 } }), false);
  assert.equal(isHostTranscribeFileRequest({ path: '/a.wav', decoder: 'beam' }), false);
});
