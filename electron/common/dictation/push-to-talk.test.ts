import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type PushToTalkConfig,
  type PushToTalkEffect,
  type PushToTalkEvent,
  type PushToTalkState,
  initialPushToTalk,
  pushToTalk,
} from './push-to-talk.ts';

const config: Partial<PushToTalkConfig> = { minTapMs: 150, maxHoldMs: 60_000, tailPaddingMs: 300, autoRepeatGapMs: 60 };

/** Runs events in order; returns the last state and every effect, in order. */
function run(events: PushToTalkEvent[], state: PushToTalkState = initialPushToTalk(config)) {
  const effects: PushToTalkEffect[] = [];
  for (const event of events) {
    const step = pushToTalk(state, event);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects, types: effects.map((e) => e.type) };
}

const down = (at: number): PushToTalkEvent => ({ type: 'keyDown', at });
const up = (at: number): PushToTalkEvent => ({ type: 'keyUp', at });
const started = (sessionId: number, at = 0): PushToTalkEvent => ({ type: 'captureStarted', sessionId, at });
const final = (sessionId: number, text: string): PushToTalkEvent => ({ type: 'finalReady', sessionId, text });
const inserted = (sessionId: number): PushToTalkEvent => ({ type: 'inserted', sessionId });

describe('push-to-talk (hold mode)', () => {
  it('runs a whole dictation: press, capture, release, final text, insertion', () => {
    const r = run([down(0), started(1, 50), up(2000), final(1, 'Hello world'), inserted(1)]);
    assert.deepEqual(r.types, ['startCapture', 'scheduleMaxHold', 'clearMaxHold', 'stopCapture', 'insert']);
    assert.deepEqual(r.effects[3], { type: 'stopCapture', sessionId: 1, tailPaddingMs: 300 });
    assert.deepEqual(r.effects[4], { type: 'insert', sessionId: 1, text: 'Hello world' });
    assert.equal(r.state.phase, 'idle');
  });

  it('a release while capture is still starting stops as soon as capture has started', () => {
    const mid = run([down(0), up(400)]);
    assert.equal(mid.state.phase, 'starting');
    assert.deepEqual(mid.types, ['startCapture', 'scheduleMaxHold'], 'nothing to stop yet');
    const r = run([started(1, 900)], mid.state);
    assert.equal(r.state.phase, 'finishing');
    assert.deepEqual(r.types, ['clearMaxHold', 'stopCapture']);
  });

  it('X11 auto-repeat: repeated presses without releases change nothing', () => {
    const r = run([down(0), started(1), down(500), down(530), down(560), up(3000)]);
    assert.deepEqual(r.types, ['startCapture', 'scheduleMaxHold', 'clearMaxHold', 'stopCapture']);
    assert.equal(r.state.sessionId, 1);
  });

  it('X11 auto-repeat as release + press pairs: the session keeps listening', () => {
    const r = run([down(0), started(1), up(500), down(530)]);
    assert.equal(r.state.phase, 'listening');
    assert.equal(r.state.sessionId, 1);
    assert.deepEqual(r.types.slice(2), ['clearMaxHold', 'stopCapture', 'resumeCapture', 'scheduleMaxHold']);
    const cap = r.effects.at(-1);
    assert.deepEqual(
      cap,
      { type: 'scheduleMaxHold', sessionId: 1, delayMs: 60_000 - 530 },
      'the cap counts from the first press',
    );
    const end = run([up(4000), final(1, 'one long hold'), inserted(1)], r.state);
    assert.deepEqual(end.types, ['clearMaxHold', 'stopCapture', 'insert']);
  });

  it('a double release is ignored', () => {
    const r = run([down(0), started(1), up(2000), up(2010), up(2500)]);
    assert.deepEqual(r.types, ['startCapture', 'scheduleMaxHold', 'clearMaxHold', 'stopCapture']);
    assert.equal(r.state.phase, 'finishing');
  });

  it('a release with no press (the key went down before Verba started) does nothing', () => {
    const r = run([up(10)]);
    assert.deepEqual(r.types, []);
    assert.equal(r.state.phase, 'idle');
  });

  it('stale capture starts, timers and results of an older session are ignored', () => {
    // Session 1 is a tap (dropped), session 2 is real; session 1's late answers must not touch session 2.
    const r = run([
      down(0),
      up(50),
      down(1000),
      started(1),
      { type: 'maxHoldReached', sessionId: 1 },
      final(1, 'old text'),
      { type: 'captureFailed', sessionId: 1, message: 'old failure' },
    ]);
    assert.equal(r.state.sessionId, 2);
    assert.equal(r.state.phase, 'starting');
    assert.ok(!r.types.includes('insert') && !r.types.includes('notify'));
    const later = run([started(2), up(3000), final(1, 'old'), inserted(1), final(2, 'new text')], r.state);
    assert.deepEqual(
      later.effects.filter((e) => e.type === 'insert'),
      [{ type: 'insert', sessionId: 2, text: 'new text' }],
    );
    assert.equal(later.state.phase, 'inserting');
  });

  it('the max-hold cap finishes the dictation, tells the user, and inserts everything', () => {
    const r = run([down(0), started(1), { type: 'maxHoldReached', sessionId: 1 }]);
    assert.equal(r.state.phase, 'finishing');
    assert.ok(r.types.includes('stopCapture'), 'capture is stopped and transcribed, not dropped');
    assert.ok(!r.types.includes('cancelCapture'));
    const note = r.effects.find((e) => e.type === 'notify');
    assert.ok(note && note.type === 'notify' && note.level === 'warning');
    assert.match(note.message, /1 minute/);
    assert.match(r.state.message ?? '', /longest/);
    // The user lets go later: nothing more happens; the final text is inserted.
    const end = run([up(70_000), final(1, 'all of it'), inserted(1)], r.state);
    assert.deepEqual(end.types, ['insert']);
    assert.equal(end.state.phase, 'idle');
  });

  it('taps shorter than minTapMs are ignored and their audio dropped', () => {
    const r = run([down(0), started(1), up(100)]);
    assert.equal(r.state.phase, 'idle');
    assert.deepEqual(r.effects.at(-1), { type: 'cancelCapture', sessionId: 1, keepAudio: false });
    assert.ok(!r.types.includes('notify'));
    const atLimit = run([down(0), started(1), up(150)]);
    assert.equal(atLimit.state.phase, 'finishing', 'a hold of exactly minTapMs counts');
  });

  it('a tap while capture is still starting is dropped, and its late start is ignored', () => {
    const r = run([down(0), up(80), started(1)]);
    assert.equal(r.state.phase, 'idle');
    assert.deepEqual(r.types, ['startCapture', 'scheduleMaxHold', 'clearMaxHold', 'cancelCapture']);
  });

  it('Esc cancels at any point before the text is ready and keeps the audio', () => {
    for (const before of [[down(0)], [down(0), started(1)], [down(0), started(1), up(2000)]]) {
      const r = run([...before, { type: 'escape', at: 2500 }]);
      assert.equal(r.state.phase, 'cancelled');
      assert.ok(r.effects.some((e) => e.type === 'cancelCapture' && e.keepAudio));
      assert.match(r.state.message ?? '', /kept/);
      // The answer to the cancelled session's stop never inserts anything.
      const late = run([final(1, 'too late'), up(2600)], r.state);
      assert.deepEqual(late.types, []);
    }
  });

  it('Esc while idle or inserting does nothing (the text is already on its way)', () => {
    assert.deepEqual(run([{ type: 'escape', at: 0 }]).types, []);
    const r = run([down(0), started(1), up(1000), final(1, 'text'), { type: 'escape', at: 1100 }]);
    assert.equal(r.state.phase, 'inserting');
  });

  it('a new press after a cancel or a failure starts a fresh session', () => {
    const r = run([
      down(0),
      { type: 'escape', at: 10 },
      up(20),
      down(1000),
      { type: 'captureFailed', sessionId: 2, message: 'The microphone is gone.' },
      up(1100),
      down(2000),
    ]);
    assert.equal(r.state.sessionId, 3);
    assert.equal(r.state.phase, 'starting');
    assert.ok(r.effects.some((e) => e.type === 'notify' && e.level === 'error' && /microphone/.test(e.message)));
  });

  it('a second press while finishing waits for the insertion, then starts a new session', () => {
    const r = run([down(0), started(1), up(2000), down(2500)]);
    assert.equal(r.state.phase, 'finishing', 'not a resume: 500 ms is no auto-repeat');
    assert.equal(r.state.queuedPress, 2500);
    const next = run([final(1, 'first'), inserted(1)], r.state);
    assert.deepEqual(next.types, ['insert', 'startCapture', 'scheduleMaxHold']);
    assert.equal(next.state.sessionId, 2);
    assert.equal(next.state.pressedAt, 2500, 'its hold time counts from the press');
    // A queued hold that is released before it could start is dropped.
    const dropped = run([down(0), started(1), up(2000), down(2500), up(2700), final(1, 'first'), inserted(1)]);
    assert.equal(dropped.state.phase, 'idle');
    assert.equal(dropped.state.sessionId, 1);
  });

  it('empty final text ends quietly with a hint, not an insertion', () => {
    const r = run([down(0), started(1), up(1000), final(1, '  ')]);
    assert.equal(r.state.phase, 'idle');
    assert.ok(!r.types.includes('insert'));
    assert.ok(r.effects.some((e) => e.type === 'notify' && /No speech/.test(e.message)));
  });

  it('a failed insertion ends in failed with a warning (the text stays with the driver)', () => {
    const r = run([
      down(0),
      started(1),
      up(1000),
      final(1, 'x'),
      { type: 'insertFailed', sessionId: 1, message: 'Focus moved.' },
    ]);
    assert.equal(r.state.phase, 'failed');
    assert.equal(r.state.message, 'Focus moved.');
    assert.ok(r.effects.some((e) => e.type === 'notify' && e.level === 'warning'));
  });
});

describe('push-to-talk (toggle mode)', () => {
  const toggle = () => initialPushToTalk({ ...config, mode: 'toggle' });

  it('one press starts, the next press stops; releases and auto-repeat do nothing', () => {
    const r = run([down(0), started(1), up(50), down(3000), down(3030), up(3100)], toggle());
    assert.deepEqual(r.types, ['startCapture', 'scheduleMaxHold', 'clearMaxHold', 'stopCapture']);
    assert.equal(r.state.phase, 'finishing');
  });

  it('short presses count (no tap filter) and a stop while starting waits for capture', () => {
    const r = run([down(0), up(20), down(40), started(1)], toggle());
    assert.equal(r.state.phase, 'finishing');
  });

  it('a press while finishing queues the next dictation even if the key is let go', () => {
    const r = run([down(0), started(1), up(10), down(1000), up(1010), down(1200), up(1210)], toggle());
    assert.equal(r.state.queuedPress, 1200);
    const next = run([final(1, 'a'), inserted(1)], r.state);
    assert.equal(next.state.phase, 'starting');
    assert.equal(next.state.sessionId, 2);
  });
});

describe('push-to-talk commands (verba ctl, tray)', () => {
  it('start/stop drive hold-to-talk from a compositor binding without tap filtering', () => {
    const at = (command: 'start' | 'stop' | 'toggle' | 'cancel', t: number): PushToTalkEvent => ({
      type: 'command',
      command,
      at: t,
    });
    const r = run([at('start', 0), at('start', 10), started(1), at('stop', 40)]);
    assert.deepEqual(r.types, ['startCapture', 'scheduleMaxHold', 'clearMaxHold', 'stopCapture']);
    const t = run([at('toggle', 0), started(1), at('toggle', 1000), final(1, 'x'), inserted(1), at('cancel', 2000)]);
    assert.equal(t.state.phase, 'idle');
    const c = run([at('start', 0), started(1), at('cancel', 500)]);
    assert.equal(c.state.phase, 'cancelled');
    // A key release cannot stop a session a command started (the key was never pressed for it).
    const k = run([at('start', 0), started(1), up(100)]);
    assert.equal(k.state.phase, 'listening');
  });

  it('configure switches the mode for the next presses', () => {
    const r = run([{ type: 'configure', config: { mode: 'toggle' } }, down(0), up(10)]);
    assert.equal(r.state.phase, 'starting');
    assert.equal(r.state.config.mode, 'toggle');
  });
});
