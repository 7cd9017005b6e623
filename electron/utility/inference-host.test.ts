import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHostClient } from '../common/host-client.ts';
import { availableBackends } from '../node/onnx/ort.ts';
import { startInferenceHost } from '../node/app/inference-host-process.ts';

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

test('a host that dies is restarted on the next call, and the caller never crashes', async () => {
  const events: unknown[] = [];
  const host = startInferenceHost((name, payload) => events.push([name, payload]));
  try {
    const first = await host.call<{ pid: number }>('ping');
    assert.ok(first.ok);
    process.kill(first.value.pid, 'SIGKILL');
    // Calls right after the kill either fail with one sentence or reach the new host; none throws.
    let second = await host.call<{ pid: number }>('ping');
    for (let i = 0; i < 50 && !second.ok; i++) {
      assert.equal(second.error.name, 'InferenceHostStopped');
      assert.match(second.error.message, /^The transcription engine stopped unexpectedly \(.+\); please try again\.$/);
      await new Promise((r) => setTimeout(r, 20));
      second = await host.call<{ pid: number }>('ping');
    }
    assert.ok(second.ok, 'the host was not restarted');
    assert.notEqual(second.value.pid, first.value.pid);
  } finally {
    host.stop();
  }
});
