import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TEXT_SETTINGS } from '../common/text-settings.ts';
import { writeWavFile } from '../node/audio/wav-file.ts';
import { openSessionCount } from '../node/onnx/ort.ts';
import { FIXTURES, convertedSewdFixture, readF32 } from '../node/testing/fixtures.ts';
import { createHostMethods } from './host-methods.ts';

test('a new vocabulary word or replacement is used at once and opens no new ONNX session', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-host-methods-'));
  const host = createHostMethods(() => undefined);
  t.after(async () => {
    await host.release();
    await rm(dir, { recursive: true, force: true });
  });
  const audio = await readF32(join(FIXTURES, 'sewd-test-public', 'reference', 'case1_audio.f32'));
  const path = join(dir, 'talk.wav');
  await writeWavFile(path, { samples: audio, sampleRate: 16_000 }, 'float32');
  const model = await convertedSewdFixture();
  const before = openSessionCount();

  const first = await host.transcribeFile('job-1', { path, model }, DEFAULT_TEXT_SETTINGS);
  const opened = openSessionCount();
  assert.equal(opened, before + 2, 'the model and Silero VAD');
  assert.equal(first.text, 'Ppppppppppppppppppppppppu');

  // "Your words" changed: the same model answers with the new words, nothing is reloaded.
  const words = {
    ...DEFAULT_TEXT_SETTINGS,
    vocabulary: ['Kubernetes'],
    replacements: [{ find: 'PPPPPPPPPPPPPPPPPPPPPPPPU', replace: 'Kubernetes' }],
  };
  const second = await host.transcribeFile('job-2', { path, model }, words);
  assert.equal(second.text, 'Kubernetes');
  assert.equal(openSessionCount(), opened);
  const raw = await host.transcribeFile('job-3', { path, model, raw: true, digits: true }, words);
  assert.equal(raw.text, 'PPPPPPPPPPPPPPPPPPPPPPPPU');
  assert.equal(openSessionCount(), opened);
  await host.release();
  assert.equal(openSessionCount(), before);
});
