import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHostClient } from '../common/host-client.ts';
import { availableBackends } from '../node/onnx/ort.ts';

const hostPath = fileURLToPath(new URL('./inference-host.ts', import.meta.url));

test('the inference host runs in its own process and answers over the message protocol', async () => {
  const child = fork(hostPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const host = createHostClient({ post: (m) => child.send(m), listen: (l) => child.on('message', l) });
    const ping = await host.call<{ pid: number; backends: string[] }>('ping');
    assert.ok(ping.ok);
    assert.equal(ping.value.pid, child.pid);
    assert.notEqual(ping.value.pid, process.pid);
    assert.deepEqual(ping.value.backends, availableBackends());
    const unknown = await host.call('rm -rf');
    assert.equal(unknown.ok, false);
    if (!unknown.ok) assert.equal(unknown.error.name, 'UnknownMethod');
  } finally {
    child.kill();
  }
});
