import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHostClient, restartingHostClient, type HostProcess } from './host-client.ts';
import type { HostEventMessage, HostRequest, HostServices } from './host-contract.ts';
import { createHostDispatcher } from './host-dispatch.ts';
import { forwardHostEvents } from './host-event-routes.ts';

/** A client and a dispatcher joined by an in-process message channel (structured clone, async delivery). */
function connected(services: HostServices) {
  const toClient: ((m: unknown) => void)[] = [];
  const deliver = (m: unknown) => setImmediate(() => toClient.forEach((l) => l(structuredClone(m))));
  const serve = createHostDispatcher(services, deliver);
  const port = {
    post: (m: HostRequest) => setImmediate(() => void serve(structuredClone(m))),
    listen: (l: (m: unknown) => void) => toClient.push(l),
  };
  return { port, deliver };
}

const services = (emit: (m: HostEventMessage) => void): HostServices => ({
  ping: async () => ({ pid: 42, onnxRuntime: '1.30', backends: ['cpu'], vadModel: true }),
  transcribeFile: async (jobId) => {
    emit({ event: 'progress', payload: { jobId, fraction: -1, seconds: 2, message: '0:02 transcribed' } });
    return { text: `text of ${jobId}`, duration_s: 2, model: 'm', device: 'cpu', segments: [] };
  },
  cancel: async () => false,
  startDictation: async (r) => ({ sessionId: r.sessionId, microphone: 'mic' }),
  stopDictation: async () => {
    throw new Error('not here');
  },
  holdDictation: async () => false,
  cancelDictation: async () => false,
  measureEngine: async () => {
    throw new Error('not here');
  },
  release: async () => undefined,
});

test('typed calls reach the host and come back as Result values; events are checked and forwarded', async () => {
  let deliver: (m: unknown) => void = () => undefined;
  const link = connected(services((m) => deliver(m)));
  deliver = link.deliver;
  const events: HostEventMessage[] = [];
  const host = createHostClient(link.port, (e) => events.push(e));
  const ping = await host.call('ping');
  assert.ok(ping.ok);
  assert.equal(ping.value.pid, 42);
  const t = await host.call('transcribeFile', 'job-a', { path: '/talk.wav' }, null);
  assert.ok(t.ok);
  assert.equal(t.value.text, 'text of job-a');
  const failed = await host.call('stopDictation', 's1');
  assert.deepEqual(failed, { ok: false, error: { name: 'InternalError', message: 'not here' } });
  // A malformed event (no job id) is dropped before anyone sees it.
  link.deliver({ event: 'progress', payload: { fraction: 1, seconds: 1, message: 'whose?' } });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(events, [
    { event: 'progress', payload: { jobId: 'job-a', fraction: -1, seconds: 2, message: '0:02 transcribed' } },
  ]);

  // The route table turns host progress into the page's onDidProgress, job id and seconds done included.
  const sent: [string, unknown][] = [];
  forwardHostEvents((name, payload) => sent.push([name, payload]))(events[0]!);
  assert.deepEqual(sent, [
    ['onDidProgress', { task: 'transcribe', jobId: 'job-a', fraction: -1, seconds: 2, message: '0:02 transcribed' }],
  ]);
});

test('a restarting client fails calls in flight with one sentence and starts a fresh process on the next call', async () => {
  const processes: { exit: (why: string) => void; requests: HostRequest[] }[] = [];
  const client = restartingHostClient((): HostProcess => {
    const exits: ((why: string) => void)[] = [];
    const entry = { exit: (why: string) => exits.forEach((l) => l(why)), requests: [] as HostRequest[] };
    processes.push(entry);
    return {
      post: (m) => entry.requests.push(m),
      listen: () => undefined,
      onExit: (l) => exits.push(l),
      kill: () => entry.exit('killed'),
    };
  });
  const inFlight = client.call('ping');
  processes[0]!.exit('SIGKILL');
  assert.deepEqual(await inFlight, {
    ok: false,
    error: {
      name: 'InferenceHostStopped',
      message: 'The transcription engine stopped unexpectedly (SIGKILL); please try again.',
    },
  });
  void client.call('cancel', 'job-1');
  assert.equal(processes.length, 2);
  assert.deepEqual(processes[1]!.requests, [{ id: 1, method: 'cancel', args: ['job-1'] }]);
  client.stop();
});
