import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostEvents, hostMethods, isHostEventMessage, isHostRequest, isTaskId } from './host-contract.ts';

test('host method guards accept the contract shapes and name what is wrong otherwise', () => {
  const transcribe = hostMethods.transcribeFile.check;
  assert.equal(transcribe(['job-1', { path: '/a.wav' }, null]), null);
  assert.equal(
    transcribe(['job-1', { path: '/a.wav', model: 'm', digits: true }, { vocabulary: ['Kubernetes'] }]),
    null,
  );
  for (const bad of [
    [],
    ['job-1', { path: '/a.wav' }],
    ['job 1', { path: '/a.wav' }, null],
    ['job-1', { path: 'relative.wav' }, null],
    ['job-1', { path: '/a.wav' }, 'settings'],
    ['job-1', { path: '/a.wav' }, null, 'extra'],
  ])
    assert.match(transcribe(bad) ?? '', /^It takes a job id, a transcription request and text settings \(or null\)\.$/);
  assert.equal(hostMethods.ping.check([]), null);
  assert.equal(hostMethods.ping.check([1]), 'It takes no arguments.');
  assert.equal(hostMethods.cancel.check(['job-1']), null);
  assert.notEqual(hostMethods.cancel.check([42]), null);
  assert.equal(hostMethods.startDictation.check([{ sessionId: 's1', deviceId: -1, keepAudio: true }, null]), null);
  assert.notEqual(hostMethods.startDictation.check([{ sessionId: 's1', deviceId: 1.5 }, null]), null);
  assert.notEqual(hostMethods.startDictation.check([{ deviceId: 2 }, null]), null);
});

test('lanes: one job or session per lane, free calls have none', () => {
  assert.equal(hostMethods.transcribeFile.lane(['job-7', { path: '/a' }, null]), 'job-7');
  assert.equal(hostMethods.startDictation.lane([{ sessionId: 's2' }, null]), 's2');
  assert.equal(hostMethods.stopDictation.lane(['s2']), 's2');
  assert.equal(hostMethods.cancelDictation.lane(['s2']), 's2');
  // cancel must never wait behind the job it cancels, nor ping behind anything.
  assert.equal(hostMethods.cancel.lane(['job-7']), null);
  assert.equal(hostMethods.ping.lane([]), null);
});

test('every event carries its job or session id; messages are checked against the contract', () => {
  assert.ok(hostEvents.progress.check({ jobId: 'j', fraction: -1, seconds: 3, message: '0:03 transcribed' }));
  assert.ok(!hostEvents.progress.check({ fraction: -1, seconds: 3, message: 'no job' }));
  assert.ok(hostEvents.partial.check({ sessionId: 's', stable: 'Hello', unstable: ' wor' }));
  assert.ok(!hostEvents.partial.check({ stable: 'Hello', unstable: '' }));
  assert.ok(hostEvents.level.check({ sessionId: 's', rms: 0.1, peak: 0.5 }));
  assert.ok(!hostEvents.level.check({ sessionId: 's', rms: Number.NaN, peak: 0.5 }));
  assert.ok(
    hostEvents.dictationState.check({
      sessionId: 's',
      state: 'failed',
      error: { name: 'DeviceLost', message: 'Gone.' },
    }),
  );
  assert.ok(!hostEvents.dictationState.check({ sessionId: 's', state: 'inserting' }));
  assert.ok(isHostEventMessage({ event: 'partial', payload: { sessionId: 's', stable: '', unstable: 'hi' } }));
  assert.ok(!isHostEventMessage({ event: 'partial', payload: { stable: '', unstable: 'hi' } }));
  assert.ok(!isHostEventMessage({ event: 'toString', payload: {} }));
  assert.ok(isHostRequest({ id: 1, method: 'ping', args: [] }));
  assert.ok(!isHostRequest({ id: 1.5, method: 'ping', args: [] }));
  assert.ok(!isHostRequest({ id: 1, method: 'ping' }));
  assert.ok(isTaskId('transcribe-2f1c9a7e-0000-4000-8000-000000000000'));
  assert.ok(!isTaskId(''));
  assert.ok(!isTaskId('a'.repeat(101)));
});
