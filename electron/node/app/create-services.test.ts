import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HostClient } from '../../common/host-client.ts';
import { invokes, slices } from '../../common/ipc-contract.ts';
import { dispatch } from '../../common/ipc-dispatch.ts';
import { createServices } from './create-services.ts';

// These calls never reach the inference host; one that did would fail the test.
const noHost: HostClient = {
  call: async () => assert.fail('this call should not need the inference host'),
  failAll: () => undefined,
};

function services(extra: Partial<Parameters<typeof createServices>[0]> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'verba-services-'));
  const s = createServices({
    appVersion: '0.0.0-test',
    emit: () => undefined,
    host: noHost,
    spoolDir: join(dir, 'spool'),
    settingsPath: join(dir, 'settings.json'),
    libraryDir: join(dir, 'library'),
    cacheDir: join(dir, 'cache'),
    ...extra,
  });
  return { s, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('createServices serves every call of every slice', (t) => {
  const { s, done } = services();
  t.after(done);
  assert.deepEqual(Object.keys(s).sort(), Object.keys(invokes).sort());
  for (const name of Object.keys(invokes)) assert.equal(typeof s[name as keyof typeof s], 'function');
});

test('slices not built yet answer with one sentence naming the feature, through dispatch', async (t) => {
  const { s, done } = services();
  t.after(done);
  const cases: [keyof typeof invokes, unknown[], string][] = [
    ['startDictation', [], 'Dictation is not available in this version of Verba yet.'],
    [
      'pickFiles',
      [{ purpose: 'transcribe' }],
      'Choosing files outside the Verba app is not available in this version of Verba yet.',
    ],
  ];
  for (const [name, args, message] of cases)
    assert.deepEqual(await dispatch(s, name, args), { ok: false, error: { name: 'NotAvailableYet', message } });
  assert.ok(Object.keys(slices.library).length >= 5 && Object.keys(slices.models).length >= 5);
  const status = await s.getDictationStatus();
  assert.equal(status.available, false);
  assert.match(status.reason ?? '', /^Push-to-talk dictation is not part of this version of Verba yet\.$/);
});

test('pickFiles is the dialog main hands in; the page gets only what the user chose', async (t) => {
  const asked: unknown[] = [];
  const { s, done } = services({
    pickFiles: async (request) => {
      asked.push(request);
      return ['/home/ada/talk.m4a'];
    },
  });
  t.after(done);
  assert.deepEqual(await dispatch(s, 'pickFiles', [{ purpose: 'transcribe', multiple: true }]), {
    ok: true,
    value: ['/home/ada/talk.m4a'],
  });
  assert.deepEqual(asked, [{ purpose: 'transcribe', multiple: true }]);
});

test('text settings are shared by the slices: a saved word is used by formatText', async (t) => {
  const { s, done } = services();
  t.after(done);
  await s.saveTextSettings({ vocabulary: ['Kubernetes'] });
  assert.equal(await s.formatText({ text: 'WE DEPLOY TO KUBERNETES' }), 'We deploy to Kubernetes');
  assert.deepEqual((await s.getTextSettings()).vocabulary, ['Kubernetes']);
});
