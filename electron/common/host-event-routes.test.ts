import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forwardHostEvents, meterLevel } from './host-event-routes.ts';
import { events, type EventName } from './ipc-contract.ts';
import { isPayload } from './contract/spec.ts';
import type { HostEventMessage } from './host-contract.ts';

function route(message: HostEventMessage): [EventName, unknown][] {
  const sent: [EventName, unknown][] = [];
  forwardHostEvents((name, payload) => {
    // Everything routed to the page is what the page's schema accepts.
    assert.ok(isPayload(events[name], payload), `${name}: ${JSON.stringify(payload)}`);
    sent.push([name, payload]);
  })(message);
  return sent;
}

test('host dictation events reach the page as the dictation slice’s events', () => {
  assert.deepEqual(route({ event: 'partial', payload: { sessionId: 's1', stable: 'Hello', unstable: ' wor' } }), [
    ['onDidPartialText', { sessionId: 's1', stable: 'Hello', unstable: ' wor' }],
  ]);
  assert.deepEqual(route({ event: 'dictationState', payload: { sessionId: 's1', state: 'listening' } }), [
    ['onDidChangeDictationState', { sessionId: 's1', state: 'listening' }],
  ]);
  assert.deepEqual(
    route({
      event: 'dictationState',
      payload: { sessionId: 's1', state: 'failed', error: { name: 'MicLost', message: 'The microphone is gone.' } },
    }),
    [['onDidChangeDictationState', { sessionId: 's1', state: 'failed', message: 'The microphone is gone.' }]],
  );
  // 'done' is the host's; the page hears the end from main's final text (after insertion).
  assert.deepEqual(route({ event: 'dictationState', payload: { sessionId: 's1', state: 'done' } }), []);
  const [[name, payload]] = route({ event: 'level', payload: { sessionId: 's1', rms: 0.1, peak: 0.4 } }) as [
    [EventName, { level: number }],
  ];
  assert.equal(name, 'onDidChangeLevel');
  assert.ok(Math.abs(payload.level - 2 / 3) < 1e-9, String(payload.level)); // -20 dBFS on a 60 dB scale
});

test('the meter level is loudness on a 60 dB scale, clamped to 0..1', () => {
  assert.equal(meterLevel(0), 0);
  assert.equal(meterLevel(1), 1);
  assert.equal(meterLevel(4), 1);
  assert.equal(meterLevel(0.0001), 0);
  assert.ok(meterLevel(0.01) > meterLevel(0.001));
});
