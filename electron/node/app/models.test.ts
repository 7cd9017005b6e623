/**
 * The models slice over real files and a local hub-shaped server (the sew-d fixture served as the
 * catalog's default model): first run, download with progress events, cancel and resume, import,
 * choosing a model (what transcription then loads), delete, and offline in one sentence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostClient } from '../../common/host-client.ts';
import type { DownloadProgressEvent } from '../../common/contract/models.ts';
import type { VerbaError } from '../../common/result.ts';
import { DEFAULT_MODEL_ID } from '../models/hub.ts';
import { DEMO_MODEL_DIR } from '../models/demo-model.ts';
import { FIXTURES } from '../testing/fixtures.ts';
import { startHubServer } from '../testing/hub-server.ts';
import { createServices } from './create-services.ts';
import { modelInUse } from './models.ts';

const SRC = join(FIXTURES, 'sewd-test-public');
const DEMO = 'verba/verba-demo-sewd';
const noHost: HostClient = { call: async () => assert.fail('models never need the inference host'), failAll: () => {} };

async function setup(t: import('node:test').TestContext) {
  const files: Record<string, Buffer> = {};
  for (const f of ['config.json', 'vocab.json', 'model.safetensors']) files[f] = await readFile(join(SRC, f));
  const hub = await startHubServer({ id: DEFAULT_MODEL_ID, files });
  const dir = await mkdtemp(join(tmpdir(), 'verba-models-slice-'));
  const previous = process.env.HF_ENDPOINT;
  process.env.HF_ENDPOINT = hub.endpoint;
  const events: DownloadProgressEvent[] = [];
  const context = { cacheDir: join(dir, 'cache'), settingsPath: join(dir, 'config', 'text-settings.json') };
  const s = createServices({
    ...context,
    appVersion: '0.0.0-test',
    emit: (name, payload) => name === 'onDidDownloadProgress' && events.push(payload as DownloadProgressEvent),
    host: noHost,
    spoolDir: join(dir, 'spool'),
    libraryDir: join(dir, 'library'),
  });
  t.after(async () => {
    if (previous === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = previous;
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });
  const find = async (id: string) => (await s.listModels()).find((m) => m.id === id)!;
  return { s, hub, events, context, find };
}

test('first run: the default is offered, the demo is in use; a download installs it and it takes over', async (t) => {
  const { s, events, context, find } = await setup(t);
  const tiny = await find(DEFAULT_MODEL_ID);
  assert.equal(tiny.isDefault && !tiny.installed && !tiny.selected, true);
  assert.ok(tiny.downloadBytes > 90e6 && tiny.parameters === 24127423 && tiny.wer?.testClean === 10.47);
  const demo = await find(DEMO);
  assert.deepEqual([demo.demo, demo.installed, demo.selected, demo.source], [true, true, true, 'bundled']);
  assert.equal(await modelInUse(context), DEMO_MODEL_DIR);

  const installed = await s.downloadModel(DEFAULT_MODEL_ID);
  assert.equal(installed.installed && installed.selected && !installed.downloading, true);
  assert.ok(installed.diskBytes > 600_000, `disk use ${installed.diskBytes}`);
  const last = events.at(-1)!;
  assert.equal(last.id, DEFAULT_MODEL_ID);
  assert.equal(last.received, last.total);
  assert.ok(events.every((e) => e.bytesPerSecond >= 0 && e.received <= e.total));
  assert.match((await modelInUse(context)) ?? '', /hub[/\\]asapp--sew-d-tiny-100k-ft-ls100h[/\\]main[/\\]checkpoint$/);
});

test('cancel keeps the bytes, the list shows them for a resume, and the next download resumes', async (t) => {
  const { s, hub, find } = await setup(t);
  hub.slowChunk = 4096;
  hub.slowDelayMs = 15;
  const running = s.downloadModel(DEFAULT_MODEL_ID);
  while (!(await find(DEFAULT_MODEL_ID)).downloading) await new Promise((r) => setTimeout(r, 5));
  while ((await find(DEFAULT_MODEL_ID)).partialBytes < 20_000) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await s.cancelDownload(DEFAULT_MODEL_ID), true);
  await assert.rejects(running, { code: 'DownloadCancelled' });
  assert.equal(await s.cancelDownload(DEFAULT_MODEL_ID), false);
  const kept = await find(DEFAULT_MODEL_ID);
  assert.equal(kept.installed || kept.downloading, false);
  assert.ok(kept.partialBytes >= 20_000, `kept ${kept.partialBytes}`);
  hub.slowChunk = null;
  assert.equal((await s.downloadModel(DEFAULT_MODEL_ID)).installed, true);
  assert.ok(
    hub.requests.some((r) => r.range !== null),
    'the second download resumed',
  );
  assert.equal((await find(DEFAULT_MODEL_ID)).partialBytes, 0);
});

test('import, choose, delete: the chosen model is what transcription loads until it is deleted', async (t) => {
  const { s, context, find } = await setup(t);
  const imported = await s.importModel(SRC);
  assert.deepEqual(
    [imported.id, imported.source, imported.installed, imported.selected],
    ['imported/sewd-test-public', 'imported', true, false],
  );
  await s.selectModel(imported.id);
  assert.equal((await find(imported.id)).selected, true);
  assert.equal((await find(DEMO)).selected, false);
  assert.match((await modelInUse(context)) ?? '', /imported[/\\]sewd-test-public[/\\]checkpoint$/);
  await assert.rejects(s.selectModel(DEFAULT_MODEL_ID), { code: 'ModelNotInstalled' });
  await assert.rejects(s.deleteModel(DEMO), /ships with Verba/);
  await s.deleteModel(imported.id);
  assert.equal(
    (await s.listModels()).some((m) => m.id === imported.id),
    false,
  );
  assert.equal(await modelInUse(context), DEMO_MODEL_DIR);
  await s.selectModel(DEMO);
  assert.equal((await find(DEMO)).selected, true);
});

test('offline: one sentence that says so and points at importing a folder', async (t) => {
  const { s, hub } = await setup(t);
  await hub.close();
  process.env.HF_ENDPOINT = hub.endpoint; // nothing listens there any more
  await assert.rejects(s.downloadModel(DEFAULT_MODEL_ID), (error: VerbaError) => {
    assert.equal(error.code, 'HubUnreachable');
    assert.match(error.message, /seems to be offline; .*import it \(Import folder/);
    assert.equal(error.message.split('. ').length, 1, error.message);
    return true;
  });
});
