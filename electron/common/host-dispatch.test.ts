import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostResponse, HostServices } from './host-contract.ts';
import { createHostDispatcher } from './host-dispatch.ts';
import { VerbaError } from './result.ts';

/** A host whose methods resolve when the test says so, recording the order they started in. */
function controlledHost() {
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  const gate = (name: string) => {
    started.push(name);
    return new Promise<void>((resolve) => gates.set(name, resolve));
  };
  const services: HostServices = {
    ping: async () => ({ pid: 1, onnxRuntime: 'x', backends: ['cpu'], vadModel: true }),
    transcribeFile: async (jobId) => {
      await gate(`transcribe:${jobId}`);
      return { text: jobId, duration_s: 1, model: 'm', device: 'cpu', segments: [] };
    },
    cancel: async (jobId) => jobId === 'known',
    startDictation: async (request) => {
      await gate(`start:${request.sessionId}`);
      return { sessionId: request.sessionId, microphone: 'mic' };
    },
    stopDictation: async (sessionId) => {
      started.push(`stop:${sessionId}`);
      throw new VerbaError('NotListening', 'Nothing to stop.');
    },
    measureEngine: async () => {
      throw new VerbaError('NotHere', 'Not in this test.');
    },
    holdDictation: async () => true,
    cancelDictation: async () => true,
    release: async () => undefined,
  };
  return { services, started, open: (name: string) => gates.get(name)?.() };
}

const tick = () => new Promise((r) => setImmediate(r));

test('calls run concurrently: a ping is answered while a transcription is still running', async () => {
  const host = controlledHost();
  const answers: HostResponse[] = [];
  const serve = createHostDispatcher(host.services, (r) => answers.push(r));
  void serve({ id: 1, method: 'transcribeFile', args: ['j1', { path: '/a.wav' }, null] });
  void serve({ id: 2, method: 'ping', args: [] });
  await tick();
  assert.deepEqual(
    answers.map((a) => a.id),
    [2],
  );
  host.open('transcribe:j1');
  await tick();
  assert.deepEqual(
    answers.map((a) => a.id),
    [2, 1],
  );
  assert.deepEqual(answers[1]!.result, {
    ok: true,
    value: { text: 'j1', duration_s: 1, model: 'm', device: 'cpu', segments: [] },
  });
});

test('calls of one session run in arrival order; other sessions and jobs do not wait', async () => {
  const host = controlledHost();
  const answers: HostResponse[] = [];
  const serve = createHostDispatcher(host.services, (r) => answers.push(r));
  void serve({ id: 1, method: 'startDictation', args: [{ sessionId: 's1' }, null] });
  void serve({ id: 2, method: 'stopDictation', args: ['s1'] });
  void serve({ id: 3, method: 'startDictation', args: [{ sessionId: 's2' }, null] });
  void serve({ id: 4, method: 'transcribeFile', args: ['j1', { path: '/a.wav' }, null] });
  await tick();
  // s1's stop waits for s1's start; s2 and the job started at once.
  assert.deepEqual(host.started, ['start:s1', 'start:s2', 'transcribe:j1']);
  host.open('start:s1');
  await tick();
  assert.deepEqual(host.started, ['start:s1', 'start:s2', 'transcribe:j1', 'stop:s1']);
  assert.deepEqual(
    answers.map((a) => a.id),
    [1, 2],
  );
  assert.deepEqual(answers[1]!.result, { ok: false, error: { name: 'NotListening', message: 'Nothing to stop.' } });
});

test('unknown methods and malformed arguments are answered with one sentence and never reach a method', async () => {
  const host = controlledHost();
  const answers: HostResponse[] = [];
  const serve = createHostDispatcher(host.services, (r) => answers.push(r));
  await serve({ id: 1, method: 'rm -rf', args: [] });
  await serve({ id: 2, method: 'transcribeFile', args: ['j1', { path: 'relative.wav' }, null] });
  await serve({ id: 3, method: 'constructor', args: [] });
  await serve({ id: 'x', method: 'ping', args: [] }); // not a request: ignored
  assert.deepEqual(host.started, []);
  assert.deepEqual(
    answers.map((a) => [a.id, a.result.ok ? 'ok' : a.result.error.name]),
    [
      [1, 'UnknownMethod'],
      [2, 'InvalidPayload'],
      [3, 'UnknownMethod'],
    ],
  );
  const second = answers[1]!.result;
  assert.ok(!second.ok);
  assert.match(second.error.message, /^The inference host refused a malformed transcribeFile call: It takes .+\.$/);
});
