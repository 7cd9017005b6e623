/**
 * The model service end to end on real files: a catalog entry downloaded from a local hub-shaped
 * server (the sew-d fixture's real files), converted to int8 in a child process, listed with its
 * variants and disk use, cancelled and deleted; folders imported (checkpoint and converted) or refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, convertedSewdFixture } from '../testing/fixtures.ts';
import { startHubServer } from '../testing/hub-server.ts';
import { createModelService } from './model-manager.ts';

const ID = 'asapp/sew-d-fixture';
const SRC = join(FIXTURES, 'sewd-test-public');

async function setup() {
  const files: Record<string, Buffer> = {};
  for (const f of ['config.json', 'vocab.json', 'model.safetensors']) files[f] = await readFile(join(SRC, f));
  const hub = await startHubServer({ id: ID, files });
  const dir = await mkdtemp(join(tmpdir(), 'verba-model-service-'));
  const catalogPath = join(dir, 'catalog.json');
  const entry = (id: string, name: string) => ({
    id,
    name,
    architecture: 'sew-d',
    revision: 'main',
    commit: null,
    parameters: null,
    werReported: null,
    licence: 'apache-2.0',
    files: [
      { path: 'config.json', approxBytes: 1598, bytes: null, sha256: null },
      { path: 'model.safetensors', approxBytes: 602644, bytes: null, sha256: null },
    ],
  });
  await writeFile(
    catalogPath,
    JSON.stringify({ format: 1, default: ID, models: [entry(ID, 'Fixture'), entry('asapp/slow', 'Slow')] }),
  );
  const service = createModelService({ cacheDir: join(dir, 'cache'), catalogPath, endpoint: hub.endpoint, env: {} });
  return { hub, dir, service, done: async () => (await hub.close(), await rm(dir, { recursive: true, force: true })) };
}

test('download, convert to int8 in a child process, list with variants and disk use, delete', async () => {
  const { service, done } = await setup();
  try {
    assert.deepEqual(
      (await service.catalog()).map((m) => [m.id, m.installed]),
      [
        [ID, false],
        ['asapp/slow', false],
      ],
    );
    let events = 0;
    const installed = await service.download(ID, { onProgress: () => events++ });
    assert.ok(events > 0 && installed.checkpointDir !== null);
    const stages: string[] = [];
    const int8 = await service.convert(ID, 'int8', (s) => stages.push(s));
    assert.deepEqual(stages, ['converting', 'done']);
    const [listed] = await service.listInstalled();
    assert.equal(listed!.id, ID);
    assert.equal(listed!.converted.int8, int8);
    assert.ok(listed!.bytes > 602644, `disk use ${listed!.bytes}`);
    assert.equal((await service.catalog())[0]!.installed, true);
    await service.remove(ID);
    assert.deepEqual(await service.listInstalled(), []);
  } finally {
    await done();
  }
});

test('cancel stops a running download and keeps its bytes for a resume', async () => {
  const { hub, service, done } = await setup();
  try {
    hub.slowChunk = 4096;
    hub.slowDelayMs = 20;
    const run = service.download(ID, { onProgress: (p) => p.file === 'model.safetensors' && service.cancel(ID) });
    await assert.rejects(run, /cancelled; it continues where it stopped/);
    assert.equal(service.cancel(ID), false, 'nothing runs any more');
    assert.ok((await service.catalog())[0]!.partialBytes > 0, 'the kept bytes are listed');
    hub.slowChunk = null;
    await service.download(ID);
    assert.ok(
      hub.requests.some((r) => r.range !== null),
      'the second download resumed',
    );
  } finally {
    await done();
  }
});

test('import: a checkpoint folder and a converted folder are listed; anything else is refused', async () => {
  const { dir, service, done } = await setup();
  try {
    const checkpoint = await service.importFolder(SRC);
    assert.equal(checkpoint.id, 'imported/sewd-test-public');
    assert.ok(checkpoint.checkpointDir !== null && checkpoint.bytes > 600_000);
    const converted = await service.importFolder(await convertedSewdFixture());
    assert.ok(converted.converted.fp32 !== undefined && converted.checkpointDir === null);
    await assert.rejects(service.importFolder(SRC), /already imported/);
    await assert.rejects(service.importFolder(dir), /neither a converted Verba model .* nor a Hugging Face checkpoint/);
    assert.equal((await service.listInstalled()).length, 2);
    await service.remove(checkpoint.id);
    await assert.rejects(access(checkpoint.checkpointDir!));
    await assert.rejects(service.remove('imported/../x'), /not an imported model/);
  } finally {
    await done();
  }
});
