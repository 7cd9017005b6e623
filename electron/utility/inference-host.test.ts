import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHostClient } from '../common/host-client.ts';
import { availableBackends } from '../node/onnx/ort.ts';
import type { Result } from '../common/result.ts';
import { forkInferenceHost } from './fork-host.ts';

const hostPath = fileURLToPath(new URL('./inference-host.ts', import.meta.url));

test('the inference host runs in its own process and answers over the message protocol', async () => {
  const child = fork(hostPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const host = createHostClient({ post: (m) => child.send(m), listen: (l) => child.on('message', l) });
    const ping = await host.call('ping');
    assert.ok(ping.ok);
    assert.equal(ping.value.pid, child.pid);
    assert.notEqual(ping.value.pid, process.pid);
    assert.deepEqual(ping.value.backends, availableBackends());
    // An untyped caller (another version, a compromised parent) gets one sentence back.
    const untyped = host.call as unknown as (name: string, ...args: unknown[]) => Promise<Result<unknown>>;
    const unknown = await untyped('rm -rf');
    assert.equal(unknown.ok, false);
    if (!unknown.ok) assert.equal(unknown.error.name, 'UnknownMethod');
    const malformed = await untyped('transcribeFile', { path: '/a.wav' });
    assert.ok(!malformed.ok && malformed.error.name === 'InvalidPayload');
  } finally {
    child.kill();
  }
});

test('a host that dies is restarted on the next call, and the caller never crashes', async () => {
  const host = forkInferenceHost();
  try {
    const first = await host.call('ping');
    assert.ok(first.ok);
    process.kill(first.value.pid, 'SIGKILL');
    // Calls right after the kill either fail with one sentence or reach the new host; none throws.
    let second = await host.call('ping');
    for (let i = 0; i < 50 && !second.ok; i++) {
      assert.equal(second.error.name, 'InferenceHostStopped');
      assert.match(second.error.message, /^The transcription engine stopped unexpectedly \(.+\); please try again\.$/);
      await new Promise((r) => setTimeout(r, 20));
      second = await host.call('ping');
    }
    assert.ok(second.ok, 'the host was not restarted');
    assert.notEqual(second.value.pid, first.value.pid);
  } finally {
    host.stop();
  }
});
