/**
 * `npm run package [-- electron-builder options]`: the app build, then installers with electron-builder,
 * then the native addons rebuilt back for this Node.
 *
 * electron-builder rebuilds naudiodon (and segfault-handler) in node_modules for Electron's ABI before it
 * packs them; left that way, `verba devices` and the tests fail with "compiled against a different Node.js
 * version". Rebuilding them back afterwards (also when packaging failed) keeps the development tree working.
 * Offline, set npm_config_nodedir as DEVELOPERS.md says so node-gyp finds this Node's headers.
 */
import { spawnSync } from 'node:child_process';

const NATIVE_FOR_NODE = ['naudiodon', 'segfault-handler'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function step(what: string, command: string, args: string[]): number {
  console.log(`package: ${what}`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
}

let status = step('electron-vite build', npm, ['run', 'build']);
if (status === 0)
  status = step('electron-builder', npx, [
    'electron-builder',
    '--config',
    'build/electron-builder.yml',
    ...process.argv.slice(2),
  ]);
const rebuilt = step(`rebuilding ${NATIVE_FOR_NODE.join(', ')} for Node ${process.version}`, npm, [
  'rebuild',
  ...NATIVE_FOR_NODE,
]);
if (rebuilt !== 0)
  console.error(
    `package: the addons could not be rebuilt for Node ${process.version}; run \`npm rebuild ${NATIVE_FOR_NODE.join(' ')}\` before using the CLI.`,
  );
process.exit(status !== 0 ? status : rebuilt);
