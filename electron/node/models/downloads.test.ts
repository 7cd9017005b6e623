/**
 * The download manager against a local hub-shaped server (127.0.0.1): resume after a cut at a
 * random byte, a damaged byte, a missing model, a slow line, cancel and resume, proxies, offline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubServer, startRecordingProxy } from '../testing/hub-server.ts';
import { type DownloadProgress, downloadModel } from './downloads.ts';

const ID = 'asapp/sew-d-test';
const weights = randomBytes(3 * 1024 * 1024 + 17);
const files = { 'config.json': Buffer.from('{"model_type":"sew-d"}'), 'vocab.json': Buffer.from('{"<pad>":0}'), 'model.safetensors': weights };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const noProxy: NodeJS.ProcessEnv = {};

async function fixture() {
  const hub = await startHubServer({ id: ID, files });
  const dir = await mkdtemp(join(tmpdir(), 'verba-downloads-'));
  return { hub, dest: join(dir, 'checkpoint'), done: async () => (await hub.close(), await rm(dir, { recursive: true, force: true })) };
}

test('a download cut at a random byte resumes with a Range request and verifies the whole file', async () => {
  const { hub, dest, done } = await fixture();
  try {
    const cut = randomInt(1024 * 1024, weights.length - 1);
    hub.cutAfter = null;
    // config.json and vocab.json come first; cut the weights response.
    const cutWeights = () => {
      hub.cutAfter = cut;
    };
    let first: unknown;
    const progress: DownloadProgress[] = [];
    await downloadModel(ID, 'main', dest, {
      endpoint: hub.endpoint,
      env: noProxy,
      onProgress: (p) => {
        progress.push(p);
        if (p.file === 'vocab.json' && hub.cutAfter === null && first === undefined) cutWeights();
      },
    }).catch((e: unknown) => (first = e));
    assert.match(String((first as Error)?.message), /connection was lost while downloading model\.safetensors.*continue where it stopped/);
    // What reached the disk is kept (chunks still in flight when the line died are not: they are asked for again).
    const kept = (await stat(join(`${dest}.download`, 'model.safetensors.partial'))).size;
    assert.ok(kept <= cut && kept > 0, `kept ${kept} of the ${cut} bytes sent`);
    await downloadModel(ID, 'main', dest, { endpoint: hub.endpoint, env: noProxy, onProgress: (p) => progress.push(p) });
    assert.equal(sha(await readFile(join(dest, 'model.safetensors'))), sha(weights));
    assert.deepEqual(hub.requests.filter((r) => r.range !== null).map((r) => r.range), [`bytes=${kept}-`]);
    await assert.rejects(access(`${dest}.download`), 'the staging folder was renamed into place');
    assert.equal(progress.at(-1)!.bytesDone, progress.at(-1)!.bytesTotal);
  } finally {
    await done();
  }
});

test('a damaged byte fails the sha256 check: the partial file is removed and the error says so', async () => {
  const { hub, dest, done } = await fixture();
  try {
    hub.corruptAt = randomInt(0, weights.length);
    await assert.rejects(downloadModel(ID, 'main', dest, { endpoint: hub.endpoint, env: noProxy }), /model\.safetensors of asapp\/sew-d-test arrived damaged \(its sha256 does not match the hub's\), so it was deleted/);
    await assert.rejects(access(join(`${dest}.download`, 'model.safetensors.partial')));
    await assert.rejects(access(dest));
  } finally {
    await done();
  }
});

test('a model the hub does not have is one sentence (404)', async () => {
  const { hub, dest, done } = await fixture();
  try {
    await assert.rejects(downloadModel('asapp/no-such-model', 'main', dest, { endpoint: hub.endpoint, env: noProxy }), (e: Error) => e.name === 'VerbaError' && /no public model asapp\/no-such-model .*HTTP 404/.test(e.message));
  } finally {
    await done();
  }
});

test('on a slow line progress events keep coming with speed and ETA; cancel keeps the bytes; resume finishes', async () => {
  const { hub, dest, done } = await fixture();
  try {
    hub.slowChunk = 32 * 1024;
    hub.slowDelayMs = 10;
    const controller = new AbortController();
    const seen: DownloadProgress[] = [];
    const run = downloadModel(ID, 'main', dest, {
      endpoint: hub.endpoint,
      env: noProxy,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.bytesDone > weights.length / 3) controller.abort();
      },
    });
    await assert.rejects(run, /download of asapp\/sew-d-test was cancelled; it continues where it stopped/);
    const moving = seen.filter((p) => p.file === 'model.safetensors');
    assert.ok(moving.length >= 3, `${moving.length} progress events`);
    assert.ok(moving.every((p, i) => i === 0 || p.bytesDone >= moving[i - 1]!.bytesDone));
    assert.ok(moving.some((p) => p.bytesPerSecond > 0 && p.etaSeconds !== null && p.etaSeconds > 0));
    const kept = (await stat(join(`${dest}.download`, 'model.safetensors.partial'))).size;
    assert.ok(kept > 0 && kept < weights.length);
    hub.slowChunk = null;
    await downloadModel(ID, 'main', dest, { endpoint: hub.endpoint, env: noProxy });
    assert.equal(sha(await readFile(join(dest, 'model.safetensors'))), sha(weights));
    assert.ok(hub.requests.some((r) => r.range === `bytes=${kept}-`));
  } finally {
    await done();
  }
});

test('HTTP_PROXY is honoured, and NO_PROXY bypasses it', async () => {
  const { hub, dest, done } = await fixture();
  const proxy = await startRecordingProxy();
  try {
    await downloadModel(ID, 'main', dest, { endpoint: hub.endpoint, env: { HTTP_PROXY: proxy.url } });
    // undici tunnels through the proxy (CONNECT) and keeps the tunnel alive for the following requests.
    assert.ok(proxy.targets.length >= 1, 'the proxy carried the requests');
    assert.ok(proxy.targets.every((t) => t.includes(new URL(hub.endpoint).host)));
    const before = proxy.targets.length;
    await downloadModel(ID, 'main', `${dest}-2`, { endpoint: hub.endpoint, env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    assert.equal(proxy.targets.length, before, 'NO_PROXY hosts go direct');
  } finally {
    await proxy.close();
    await done();
  }
});

test('offline is one sentence that says what to do', async () => {
  const { hub, dest, done } = await fixture();
  const endpoint = hub.endpoint;
  await hub.close();
  try {
    await assert.rejects(downloadModel(ID, 'main', dest, { endpoint, env: noProxy }), (e: Error) => /seems to be offline; connect and try again, or download the model's folder elsewhere and import it/.test(e.message) && !e.message.includes('\n'));
  } finally {
    await done();
  }
});
