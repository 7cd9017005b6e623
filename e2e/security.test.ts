/**
 * Electron's security checklist where it can be checked without an Electron binary: the CSP of the BUILT
 * renderer page (npm test builds it first), no remote content in it, and no network use at all by a file
 * transcription or a recording (run in an empty network namespace, every connect() traced).
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, type TestContext } from 'node:test';
import { writeWavFile } from '../electron/node/audio/wav-file.ts';
import { convertedSewdFixture, speechLike } from '../electron/node/testing/fixtures.ts';
import { REPO_ROOT, requireTools, requireVirtualMic } from '../electron/node/testing/media.ts';
import { lockVirtualMic } from '../electron/node/testing/mic-lock.ts';

const run = promisify(execFile);
const BUILT = join(REPO_ROOT, 'renderer/dist');

function builtPage(t: TestContext): string | null {
  const index = join(BUILT, 'index.html');
  if (existsSync(index)) return readFileSync(index, 'utf8');
  if (process.env.CI === 'true') assert.fail('renderer/dist/index.html is missing: npm test builds it first');
  t.skip('run `npm run build:renderer` first');
  return null;
}

function cspOf(html: string): Map<string, string[]> {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  assert.ok(meta, 'the built page has no CSP meta tag');
  return new Map(
    meta[1]!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0] !== '')
      .map(([name, ...values]) => [name!, values]),
  );
}

test('the built page has a strict CSP: nothing but its own scripts, no eval, no remote anything', (t) => {
  const html = builtPage(t);
  if (html === null) return;
  const csp = cspOf(html);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), ["'self'"], 'no unsafe-eval, no unsafe-inline, no hosts');
  assert.deepEqual(csp.get('connect-src'), ["'self'"]);
  assert.deepEqual(csp.get('object-src'), ["'none'"]);
  assert.deepEqual(csp.get('base-uri'), ["'none'"]);
  assert.deepEqual(csp.get('form-action'), ["'none'"]);
  for (const [directive, values] of csp)
    for (const value of values)
      assert.ok(!/^(https?:|ws:|wss:|\*|'unsafe-eval'|'wasm-unsafe-eval')/.test(value), `${directive} allows ${value}`);
  // Every script and stylesheet is a file of the bundle, loaded relative to the page.
  const sources = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(sources.length > 0);
  for (const source of sources) assert.match(source, /^\.\/assets\/[\w.-]+\.(js|css)$/, source);
  assert.doesNotMatch(html, /<script>(?!\s*<\/script>)/, 'no inline script');
  for (const file of readdirSync(join(BUILT, 'assets')).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(BUILT, 'assets', file), 'utf8');
    assert.doesNotMatch(code, /\beval\(|new Function\(/, `${file} evaluates strings`);
    assert.doesNotMatch(code, /\b(fetch|WebSocket|EventSource)\(\s*["'`]https?:/, `${file} reaches a remote host`);
  }
});

/** connect() calls to internet or IPv6 sockets in an strace log (unix sockets, e.g. PulseAudio's, are local). */
function networkConnects(log: string): string[] {
  return log.split('\n').filter((line) => /\bconnect\(.*AF_INET6?\b/.test(line));
}

/** Runs a command with no network at all (an empty namespace) and every connect() recorded. */
async function offline(t: TestContext, dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const trace = join(dir, `strace-${Date.now()}.log`);
  const { stderr } = await run(
    'unshare',
    ['-n', 'strace', '-f', '-qq', '-e', 'trace=connect', '-o', trace, process.execPath, ...args],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, maxBuffer: 1 << 24 },
  );
  const connects = networkConnects(await readFile(trace, 'utf8'));
  t.diagnostic(`${args[1]}: ${connects.length} network connection attempts`);
  return { stderr, connects };
}

function requireNamespaces(t: TestContext): boolean {
  if (!requireTools(t, 'unshare', 'strace')) return false;
  const probe = spawnSync('unshare', ['-n', 'true']);
  if (probe.status === 0) return true;
  const reason = `unshare -n is not permitted here (${probe.stderr.toString().trim() || `exit ${probe.status}`})`;
  if (process.env.CI === 'true') assert.fail(reason);
  t.skip(reason);
  return false;
}

test('a file transcription and a recording make no network connection', async (t) => {
  if (!requireNamespaces(t)) return;
  const dir = await mkdtemp(join(tmpdir(), 'verba-offline-'));
  try {
    const audio = join(dir, 'meeting.wav');
    await writeWavFile(audio, { samples: speechLike(3), sampleRate: 16_000 }, 'int16');
    const model = await convertedSewdFixture();
    const out = join(dir, 'meeting.txt');
    const transcribe = await offline(t, dir, [
      'electron/cli/verba.ts',
      'transcribe',
      audio,
      '--model',
      model,
      '--out',
      out,
    ]);
    assert.ok(existsSync(out), `no transcript: ${transcribe.stderr}`);
    assert.deepEqual(transcribe.connects, []);

    if (!(await requireVirtualMic(t))) return;
    const lock = await lockVirtualMic();
    try {
      const take = join(dir, 'take.wav');
      const record = await offline(
        t,
        dir,
        ['electron/cli/verba.ts', 'record', '--seconds', '0.5', '--out', take, '--spool-dir', join(dir, 'spool')],
        // PulseAudio's socket is a file, so the empty namespace still reaches it.
        { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp/verba-pulse-runtime' },
      );
      assert.ok(existsSync(take), `no recording: ${record.stderr}`);
      assert.deepEqual(record.connects, []);
    } finally {
      lock.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
