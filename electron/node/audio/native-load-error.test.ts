import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import test from 'node:test';
import { nativeLoadFailure } from './native-load-error.ts';
import { accessSync, constants } from 'node:fs';

test('an addon built for another Node ABI is one sentence naming both versions and the fix', (t) => {
  // A real mismatch: Debian's Node 20 loading the addons npm built for this Node 24.
  const older = ['/usr/bin/node', '/usr/bin/nodejs'].find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (older === undefined || older === process.execPath) {
    if (process.env.CI === 'true') assert.fail("Debian's nodejs (an older Node) is needed: apt-get install nodejs");
    return t.skip('no older Node on this machine');
  }
  const load = spawnSync(older, ['-e', "require('naudiodon')"], { cwd: process.cwd(), encoding: 'utf8' });
  const thrown = /Error: ([\s\S]*?)\n\s+at /.exec(load.stderr)?.[1];
  assert.ok(thrown?.includes('NODE_MODULE_VERSION'), load.stderr);
  const sentence = nativeLoadFailure('naudiodon', new Error(thrown));
  assert.doesNotMatch(sentence, /\n/);
  assert.match(
    sentence,
    new RegExp(
      `^the naudiodon audio module was built for another runtime \\(NODE_MODULE_VERSION ${process.versions.modules}; this one needs \\d+, .*\\): run \`npm rebuild naudiodon\` to rebuild it for this Node$`,
    ),
  );
});

test('any other load failure keeps its first line, with the platform and ABI', () => {
  const sentence = nativeLoadFailure('naudiodon', new Error("Cannot find module 'naudiodon'\nRequire stack:\n- x"), {
    platform: 'linux',
    arch: 'x64',
    abi: '137',
  });
  assert.equal(
    sentence,
    "the naudiodon audio module could not be loaded on linux-x64 (Node ABI 137): Cannot find module 'naudiodon'",
  );
});
