import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { VerbaError } from '../../common/result.ts';
import { SettingsStore } from './settings-store.ts';

test('settings are validated, stored as JSON and read back; bad values get one sentence and change nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'nested', 'text-settings.json');
  const store = new SettingsStore(path);
  assert.deepEqual((await store.load()).vocabulary, []);
  await store.save({ ...(await store.load()), vocabulary: ['Kubernetes'], digits: true });
  const again = await new SettingsStore(path).load();
  assert.deepEqual(again.vocabulary, ['Kubernetes']);
  assert.equal(again.digits, true);
  await assert.rejects(
    store.save({ digits: 'yes' }),
    (e: unknown) =>
      e instanceof VerbaError && /^The text settings are invalid: "digits" must be true or false\.$/.test(e.message),
  );
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).vocabulary, ['Kubernetes']);
  writeFileSync(path, '{ not json');
  await assert.rejects(new SettingsStore(path).load(), /is damaged \(not JSON\); Verba left it untouched\.$/);
});

test('a full disk keeps the previous settings and says so in one sentence', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-settings-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    if (process.env.CI === 'true' && process.platform === 'linux')
      assert.fail('CI must run as root to mount a small tmpfs');
    return t.skip('mounting a small tmpfs needs root on Linux');
  }
  t.after(() => {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  const path = join(dir, 'text-settings.json');
  const store = new SettingsStore(path);
  await store.save({ vocabulary: ['Ada'] });
  writeFileSync(join(dir, 'filler'), Buffer.alloc(12 * 1024)); // leave less room than the next save needs
  const huge = Array.from({ length: 2000 }, (_, i) => `word${i}`);
  await assert.rejects(
    store.save({ vocabulary: huge }),
    (e: unknown) =>
      e instanceof VerbaError &&
      e.message === 'Verba could not save your settings (the disk is full); the previous settings are kept.',
  );
  assert.deepEqual((await new SettingsStore(path).load()).vocabulary, ['Ada']);
});
