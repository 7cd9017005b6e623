import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { VerbaError } from '../../common/result.ts';
import { DEFAULT_DICTATION_SETTINGS, DictationSettingsStore } from './dictation-settings.ts';

test('dictation settings: defaults, a validated atomic save read back, refusals that change nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-dictation-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'nested', 'dictation-settings.json');
  const store = new DictationSettingsStore(path);
  assert.deepEqual(await store.load(), DEFAULT_DICTATION_SETTINGS);
  const mic = { id: 3, name: 'USB Microphone' };
  await store.save({ ...DEFAULT_DICTATION_SETTINGS, hotkey: 'Ctrl+Alt+Space', mode: 'toggle', microphone: mic });
  const again = await new DictationSettingsStore(path).load();
  assert.equal(again.hotkey, 'Ctrl+Alt+Space');
  assert.deepEqual(again.microphone, mic);
  await assert.rejects(
    store.save({ ...again, insert: 'shout' }),
    (e: unknown) =>
      e instanceof VerbaError &&
      /^The dictation settings were refused: insert must be one of "paste", "type", "copy"\.$/.test(e.message),
  );
  await assert.rejects(store.save({ ...again, hotkey: 'Ctrl+' }), /hotkey/);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).mode, 'toggle');
  // An older file without newer keys takes their defaults; a damaged one is left alone.
  writeFileSync(path, JSON.stringify({ hotkey: 'F9', mode: 'hold' }));
  assert.deepEqual(await new DictationSettingsStore(path).load(), { ...DEFAULT_DICTATION_SETTINGS, hotkey: 'F9' });
  writeFileSync(path, '{ not json');
  await assert.rejects(new DictationSettingsStore(path).load(), /is damaged \(not JSON\); Verba left it untouched\.$/);
});
