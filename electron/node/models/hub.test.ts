import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { downloadCheckpoint, isHubId, lfsSha256FromHeaders, parseTreeListing, pickCheckpointFiles, resolveUrl, treeUrl } from './hub.ts';

const SHA = 'a'.repeat(40) + '0123456789abcdef01234567';

test('hub URLs and ids', () => {
  assert.equal(resolveUrl('asapp/sew-d-tiny-100k-ft-ls100h', 'main', 'model.safetensors'), 'https://huggingface.co/asapp/sew-d-tiny-100k-ft-ls100h/resolve/main/model.safetensors');
  assert.equal(resolveUrl('a/b', 'refs/pr/1', 'x y.json'), 'https://huggingface.co/a/b/resolve/refs%2Fpr%2F1/x%20y.json');
  assert.equal(treeUrl('a/b', 'main'), 'https://huggingface.co/api/models/a/b/tree/main');
  assert.ok(isHubId('asapp/sew-d-tiny-100k-ft-ls100h'));
  for (const notId of ['./models/x', '/abs/path', 'just-a-name', 'a/../b', 'a/b/c']) assert.ok(!isHubId(notId), notId);
});

test('LFS sha256 from canned resolve headers', () => {
  const headers = (h: Record<string, string>) => (n: string) => h[n] ?? null;
  assert.equal(lfsSha256FromHeaders(headers({ 'x-linked-etag': `"${SHA}"`, etag: '"deadbeef"' })), SHA);
  assert.equal(lfsSha256FromHeaders(headers({ etag: `W/"${SHA.toUpperCase()}"` })), SHA);
  // A git blob etag (sha1, small non-LFS file) is not a content sha256.
  assert.equal(lfsSha256FromHeaders(headers({ etag: '"4b825dc642cb6eb9a060e54bf8d69288fbee4904"' })), null);
  assert.equal(lfsSha256FromHeaders(headers({})), null);
});

test('tree listing parsing and file choice', () => {
  const listing = parseTreeListing([
    { type: 'file', oid: '1111', size: 1780, path: 'config.json' },
    { type: 'file', oid: '2222', size: 291, path: 'vocab.json' },
    { type: 'file', oid: '3333', size: 135, path: 'pytorch_model.bin', lfs: { oid: SHA, size: 96_600_000, pointerSize: 135 } },
    { type: 'file', oid: '4444', size: 134, path: 'model.safetensors', lfs: { oid: `sha256:${SHA}`, size: 96_500_000 } },
    { type: 'directory', oid: '5555', size: 0, path: 'onnx' },
  ]);
  assert.deepEqual(listing.find((f) => f.path === 'model.safetensors'), { path: 'model.safetensors', size: 96_500_000, sha256: SHA });
  assert.deepEqual(listing.find((f) => f.path === 'config.json'), { path: 'config.json', size: 1780, sha256: null });
  assert.deepEqual(pickCheckpointFiles('x/y', listing).map((f) => f.path), ['config.json', 'vocab.json', 'model.safetensors']);
  assert.deepEqual(pickCheckpointFiles('x/y', listing.filter((f) => f.path !== 'model.safetensors')).map((f) => f.path), ['config.json', 'vocab.json', 'pytorch_model.bin']);
  assert.throws(() => pickCheckpointFiles('x/y', listing.filter((f) => f.path === 'config.json')), /x\/y has no config\.json with model\.safetensors/);
  assert.throws(() => parseTreeListing({ error: 'nope' }), VerbaError);
});

test('download from a local hub-shaped server: sha256 checked, files moved into place atomically', async () => {
  const weights = Buffer.alloc(300_000, 7);
  let sha = createHash('sha256').update(weights).digest('hex');
  const server = createServer((req, res) => {
    if (req.url === '/api/models/o/m/tree/main') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([
        { type: 'file', path: 'config.json', size: 2 },
        { type: 'file', path: 'model.safetensors', size: 130, lfs: { oid: sha, size: weights.length } },
      ]));
    } else if (req.url === '/o/m/resolve/main/config.json') res.end('{}');
    else if (req.url === '/o/m/resolve/main/model.safetensors') res.end(weights);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'verba-hub-'));
  try {
    const seen: number[] = [];
    await downloadCheckpoint('o/m', 'main', join(dir, 'ok'), { endpoint, progress: (file, done) => file === 'model.safetensors' && seen.push(done) });
    assert.deepEqual(await readFile(join(dir, 'ok', 'model.safetensors')), weights);
    assert.equal(seen.at(-1), weights.length);
    sha = 'f'.repeat(64);
    await assert.rejects(downloadCheckpoint('o/m', 'main', join(dir, 'bad'), { endpoint }), (e: unknown) => e instanceof VerbaError && e.code === 'HubChecksum');
    assert.deepEqual((await readdir(join(dir, 'bad'))).sort(), ['config.json'], 'no partial or unverified weights left behind');
    await assert.rejects(downloadCheckpoint('o/missing', 'main', join(dir, 'none'), { endpoint }), (e: unknown) => e instanceof VerbaError && e.code === 'HubNotFound');
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('no network: one sentence telling how to use a local checkpoint', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((r) => closed.close(() => r()));
  const dir = await mkdtemp(join(tmpdir(), 'verba-hub-'));
  try {
    await assert.rejects(downloadCheckpoint('asapp/sew-d-tiny-100k-ft-ls100h', 'main', dir, { endpoint }), (e: unknown) => {
      assert.ok(e instanceof VerbaError && e.code === 'HubUnreachable');
      assert.match(e.message, /verba convert <checkpoint-dir> --out <dir>.*--model/);
      assert.equal(e.message.split(/(?<=[.;])\s/).filter((s) => s.endsWith('.')).length, 1, 'one sentence');
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** A hub-shaped server whose weights response is decided by `weights(res)`; config.json is served whole. */
async function hubServer(weights: (res: import('node:http').ServerResponse) => void, lfs: { sha: string; size: number }) {
  const server = createServer((req, res) => {
    if (req.url === '/api/models/o/m/tree/main') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([
        { type: 'file', path: 'config.json', size: 2 },
        { type: 'file', path: 'model.safetensors', size: 130, lfs: { oid: lfs.sha, size: lfs.size } },
      ]));
    } else if (req.url === '/o/m/resolve/main/config.json') res.end('{}');
    else if (req.url === '/o/m/resolve/main/model.safetensors') weights(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const oneSentence = (message: string) => message.split(/(?<=[.;])\s/).filter((s) => s.endsWith('.')).length === 1;

test('the connection drops mid-body: one HubUnreachable sentence, no partial file left', async () => {
  const weights = Buffer.alloc(400_000, 3);
  const sha = createHash('sha256').update(weights).digest('hex');
  const { server, endpoint } = await hubServer((res) => {
    res.writeHead(200, { 'content-length': String(weights.length) });
    // Half the body, then the socket is cut (a network drop: undici reports `TypeError: terminated`).
    res.write(weights.subarray(0, 200_000), () => setTimeout(() => res.socket?.destroy(), 20));
  }, { sha, size: weights.length });
  const dir = await mkdtemp(join(tmpdir(), 'verba-hub-'));
  try {
    await assert.rejects(downloadCheckpoint('o/m', 'main', join(dir, 'cut'), { endpoint }), (e: unknown) => {
      assert.ok(e instanceof VerbaError, `a VerbaError, not ${String(e)}`);
      assert.equal(e.code, 'HubUnreachable');
      assert.match(e.message, /^Could not download o\/m .*connection was lost/);
      assert.ok(oneSentence(e.message), e.message);
      return true;
    });
    assert.deepEqual(await readdir(join(dir, 'cut')), ['config.json'], 'nothing half-written left');
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a destination that cannot be written (a directory in the way, a full disk): one HubWriteFailed sentence', async () => {
  const weights = Buffer.alloc(300_000, 5);
  const sha = createHash('sha256').update(weights).digest('hex');
  const { server, endpoint } = await hubServer((res) => res.end(weights), { sha, size: weights.length });
  const dir = await mkdtemp(join(tmpdir(), 'verba-hub-'));
  const isWriteFailure = (e: unknown) => {
    assert.ok(e instanceof VerbaError, `a VerbaError, not ${String(e)}`);
    assert.equal(e.code, 'HubWriteFailed');
    assert.match(e.message, /^Could not save o\/m to .*model\.safetensors\.partial .*VERBA_CACHE_DIR/);
    assert.ok(oneSentence(e.message), e.message);
    return true;
  };
  try {
    // EISDIR: before the fix this was an 'error' event with no listener, an uncaught exception.
    await mkdir(join(dir, 'eisdir', 'model.safetensors.partial'), { recursive: true });
    await assert.rejects(downloadCheckpoint('o/m', 'main', join(dir, 'eisdir'), { endpoint }), isWriteFailure);
    assert.ok(!existsSync(join(dir, 'eisdir', 'model.safetensors')));
    // ENOSPC: the partial file is /dev/full, where every write fails as on a full disk.
    if (existsSync('/dev/full')) {
      await mkdir(join(dir, 'full'));
      await symlink('/dev/full', join(dir, 'full', 'model.safetensors.partial'));
      await assert.rejects(downloadCheckpoint('o/m', 'main', join(dir, 'full'), { endpoint }), (e: unknown) => isWriteFailure(e) && /the disk is full/.test((e as Error).message));
      assert.deepEqual(await readdir(join(dir, 'full')), ['config.json'], 'the partial entry is removed, no weights moved into place');
    }
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('downloads go only over https to the hub (or to this machine), never to another host', async () => {
  const { downloadUrlProblem } = await import('./hub.ts');
  for (const url of [
    'https://huggingface.co/asapp/sew-d-tiny-100k-ft-ls100h/resolve/main/model.safetensors',
    'https://cdn-lfs.huggingface.co/repos/ab/cd/0123',
    'https://cas-bridge.xethub.hf.co/xet-bridge-us/0123',
  ])
    assert.equal(downloadUrlProblem(url), null, url);
  assert.equal(downloadUrlProblem('http://127.0.0.1:8080/api/models/a/b/tree/main', 'http://127.0.0.1:8080'), null);
  assert.equal(downloadUrlProblem('https://mirror.example/a/b', 'https://mirror.example'), null);
  for (const [url, why] of [
    ['http://huggingface.co/a/b/resolve/main/x', /http is not https/],
    ['https://huggingface.co.evil.example/a', /is not the Hugging Face hub/],
    ['https://evil.example/huggingface.co/a', /is not the Hugging Face hub/],
    ['https://user:pw@huggingface.co/a', /user name or password/],
    ['ftp://huggingface.co/a', /ftp is not https/],
    ['file:///etc/passwd', /file is not https/],
    ['http://127.0.0.1:9999/a', /http is not https/],
    ['not a url', /is not a URL/],
  ] as const)
    assert.match(downloadUrlProblem(url) ?? 'allowed', why, url);
  await assert.rejects(
    downloadCheckpoint('o/m', 'main', join(tmpdir(), 'verba-never'), { endpoint: 'http://hub.example' }),
    (e: unknown) => e instanceof VerbaError && e.code === 'HubRefused' && /http is not https/.test(e.message),
  );
});
