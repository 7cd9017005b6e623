/**
 * The Electron build (electron-vite) produces processes that run: the bundled inference host answers
 * over the message protocol and the bundled capture worker lists microphones. (The Electron binary
 * itself cannot be downloaded here; main and the preload are covered by typecheck and lint.)
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHostClient } from '../electron/common/host-client.ts';
import { naudiodonBackend } from '../electron/node/audio/naudiodon-backend.ts';
import { requireVirtualMic } from '../electron/node/audio/testing/media.ts';

before(() => {
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--config', 'build/electron.vite.config.ts'], { stdio: 'ignore' });
});

test('electron-vite emits main, preload (one CommonJS file), renderer, inference host and capture worker', () => {
  for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/main/inference-host.js', 'out/main/naudiodon-worker.js']) {
    assert.ok(existsSync(file), `${file} is missing`);
  }
});

test('the bundled inference host serves calls from its own process', async () => {
  const child = fork('out/main/inference-host.js', [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const host = createHostClient({ post: (m) => child.send(m), listen: (l) => child.on('message', l) });
    const ping = await host.call<{ pid: number; backends: string[] }>('ping');
    assert.ok(ping.ok && ping.value.pid === child.pid && ping.value.backends.includes('cpu'));
  } finally {
    child.kill();
  }
});

test('the bundled capture worker lists the virtual microphone', async (t) => {
  if (!(await requireVirtualMic(t))) return;
  const names = (await naudiodonBackend({ workerPath: resolve('out/main/naudiodon-worker.js') }).listInputDevices()).map((d) => d.name);
  assert.ok(names.includes('pulse') || names.includes('default'), names.join(', '));
});
