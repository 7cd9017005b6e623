/**
 * `verba transcribe`'s data safety and messages, through the real command: outputs never overwrite
 * each other, --out mistakes are refused before any work, inputs are checked before any download,
 * one bad file does not stop the others, JSON Lines on stdout, exit codes 0 / 1 / 2.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWavFile } from '../../node/audio/wav-file.ts';
import { speechLike } from '../../node/testing/fixtures.ts';
import type { Transcript } from '../../common/transcript.ts';
import { uniqueNames } from './transcribe-outputs.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEMO = join(ROOT, 'models/verba-demo-sewd');
let dir = '';
let hub: Server;
let hubRequests = 0;
let env: NodeJS.ProcessEnv = {};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verba-outputs-'));
  // A hub that counts requests and answers none usefully: "before any download" is checkable.
  hub = createServer((_req, res) => {
    hubRequests++;
    res.writeHead(503).end();
  });
  await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
  env = {
    ...process.env,
    VERBA_CACHE_DIR: join(dir, 'cache'),
    HF_ENDPOINT: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`,
  };
  for (const sub of ['one', 'two']) {
    await mkdir(join(dir, sub));
    await writeWavFile(join(dir, sub, 'a.wav'), { samples: speechLike(1.5, sub.length), sampleRate: 16_000 });
  }
});
after(async () => {
  await new Promise<void>((r) => hub.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

function verba(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'electron/cli/verba.ts'), ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const a1 = () => join(dir, 'one', 'a.wav');
const a2 = () => join(dir, 'two', 'a.wav');

test('names: one per input, unique (case-insensitively), the first keeps the plain name', () => {
  assert.deepEqual(uniqueNames(['x/a.wav', 'y/a.wav', 'a.mp3', 'b.flac', 'A.ogg'], 'txt'), [
    'a.txt',
    'a-2.txt',
    'a-3.txt',
    'b.txt',
    'A-4.txt',
  ]);
});

test('several inputs + folder --out: one file per input, same-named inputs do not collide, folder created', async () => {
  const out = join(dir, 'made', 'by', 'verba');
  const r = await verba('transcribe', a1(), a2(), '--model', DEMO, '--out', out, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await readdir(out)).sort(), ['a-2.json', 'a.json']);
  for (const name of ['a.json', 'a-2.json']) {
    const t = JSON.parse(await readFile(join(out, name), 'utf8')) as Transcript;
    assert.equal(t.model, 'verba-demo-sewd');
  }
  // One input and a file path in a missing folder: the folder is made, the file written.
  const single = join(dir, 'new-folder', 'one.txt');
  assert.equal((await verba('transcribe', a1(), '--model', DEMO, '--out', single)).code, 0);
  assert.ok((await readFile(single, 'utf8')).endsWith('\n'));
});

test('a file --out with several inputs, or --out naming an input, is refused up front (exit 2, nothing written)', async () => {
  await writeFile(join(dir, 'notes.txt'), 'keep me');
  const asFile = await verba('transcribe', a1(), a2(), '--out', join(dir, 'notes.txt'));
  assert.equal(asFile.code, 2, asFile.stderr);
  assert.match(asFile.stderr, /^verba: --out \S+notes\.txt is a file, but there are 2 inputs; .*--help/);
  assert.equal(await readFile(join(dir, 'notes.txt'), 'utf8'), 'keep me');
  const looksLikeFile = await verba('transcribe', a1(), a2(), '--out', join(dir, 'all.txt'));
  assert.equal(looksLikeFile.code, 2);
  assert.match(looksLikeFile.stderr, /looks like a file name/);
  const ontoInput = await verba('transcribe', a1(), '--out', a1());
  assert.equal(ontoInput.code, 2);
  assert.match(ontoInput.stderr, /is one of the inputs; Verba never overwrites a recording/);
  assert.equal(hubRequests, 0, 'the hub was asked before the mistake was reported');
});

test('inputs are checked before any download; a missing file in a list is reported and the others still run', async () => {
  const none = await verba('transcribe', join(dir, 'missing.wav'), join(dir, 'gone.m4a'));
  assert.equal(none.code, 1);
  assert.match(
    none.stderr,
    /^verba: The audio file \S+missing\.wav does not exist.*\nverba: The audio file \S+gone\.m4a/,
  );
  assert.doesNotMatch(none.stderr, /\n\s+at /);
  assert.equal(hubRequests, 0, 'a download started although no input could be read');

  const some = await verba('transcribe', join(dir, 'missing.wav'), a1(), '--model', DEMO, '--format', 'json');
  assert.equal(some.code, 1);
  assert.match(some.stderr, /missing\.wav does not exist/);
  assert.equal((JSON.parse(some.stdout) as Transcript).model, 'verba-demo-sewd');
});

test('several JSON transcripts on stdout are JSON Lines; one stays one document', async () => {
  const r = await verba('transcribe', a1(), a2(), '--model', DEMO, '--format', 'json', '--raw');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  for (const line of lines) assert.equal((JSON.parse(line) as Transcript).model, 'verba-demo-sewd');
  const one = await verba('transcribe', a1(), '--model', DEMO, '--format', 'json', '--raw');
  assert.deepEqual(JSON.parse(one.stdout), JSON.parse(lines[0]!));
});

test('unknown options and bad values in every subcommand: one sentence pointing to --help, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['transcribe', 'a.wav', '--bogus'], /^verba: Unknown option '--bogus'\. Run `verba transcribe --help`/],
    [['transcribe', 'a.wav', '--format', 'pdf'], /--format takes .*not "pdf"\. Run `verba transcribe --help`/],
    [['transcribe', 'a.wav', '--out'], /Option '--out <value>' argument missing\. Run `verba transcribe --help`/],
    [['transcribe'], /needs at least one audio file.*--help/],
    [['convert', 'x', '--nope'], /^verba: Unknown option '--nope'\. Run `verba convert --help`/],
    [['convert', 'x'], /needs --out <dir>.*Run `verba convert --help`/],
    [['format', '--nope'], /Run `verba format --help`/],
    [['devices', '--nope'], /--help/],
    [['record', '--seconds', 'x', '--out', 'y.wav'], /--seconds must be a positive number.*Run `verba record --help`/],
    [['bench', '--models', 'huge'], /--models takes .*Run `verba bench --help`/],
    [['frobnicate'], /unknown command "frobnicate"\. Run `verba --help`/],
  ];
  const results = await Promise.all(cases.map(([args]) => verba(...args)));
  for (const [k, [args, pattern]] of cases.entries()) {
    const r = results[k]!;
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^verba: [^\n]+\n$/, args.join(' '));
    assert.match(r.stderr, pattern, args.join(' '));
  }
  const help = await verba('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit status: 0 done, 1 .*, 2 a usage error/);
});
