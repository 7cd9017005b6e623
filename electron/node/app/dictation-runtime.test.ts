import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostClient } from '../../common/host-client.ts';
import type { EmitEvent } from '../../common/ipc-contract.ts';
import { ok } from '../../common/result.ts';
import type { Transcript } from '../../common/transcript.ts';
import { readJournal } from '../dictation/journal.ts';
import type { AppContext } from './context.ts';
import { DictationRuntime, hostEventTap } from './dictation-runtime.ts';
import { SettingsStore } from './settings-store.ts';

const transcript = (text: string): Transcript => ({
  text,
  duration_s: 1.5,
  model: 'fake-model',
  device: 'cpu',
  segments: [],
});

function setup(t: import('node:test').TestContext, said: string) {
  const dir = mkdtempSync(join(tmpdir(), 'verba-runtime-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A real spool's name (discardSpool refuses any other file).
  const spool = join(dir, `spool-${process.pid}-${Date.now()}-0123abcd.wav`);
  const events: [string, unknown][] = [];
  const saved: { text: string; spoolPath: string; journal: string[] }[] = [];
  const starts: { model?: string }[] = [];
  const journalPath = join(dir, 'dictations.jsonl');
  const host = {
    async call(name: string, ...args: unknown[]) {
      if (name === 'startDictation') {
        starts.push(args[0] as { model?: string });
        writeFileSync(spool, 'RIFF');
        return ok({ sessionId: (args[0] as { sessionId: string }).sessionId, microphone: 'Fake mic' });
      }
      if (name === 'stopDictation')
        return ok({ sessionId: args[0], text: said, transcript: transcript(said), audioPath: spool });
      return ok(true);
    },
    failAll: () => undefined,
  } as unknown as HostClient;
  const app = {
    host,
    emit: ((name, payload) => events.push([name, payload])) as EmitEvent,
    settings: new SettingsStore(join(dir, 'text.json')),
    settingsPath: join(dir, 'text.json'),
    cacheDir: join(dir, 'cache'),
    library: async () => ({
      async saveDictation(input: { transcript: Transcript; spoolPath: string }) {
        // The journal has the text before the library is asked.
        const journal = (await readJournal(journalPath)).map((e) => e.kind ?? 'final');
        saved.push({ text: input.transcript.text, spoolPath: input.spoolPath, journal });
        return 7;
      },
    }),
  } as unknown as AppContext;
  const runtime = new DictationRuntime(app, {
    journalPath,
    settingsPath: join(dir, 'dictation.json'),
    hostEvents: hostEventTap(),
  });
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await sleep(10);
    assert.ok(check());
  };
  return { runtime, events, saved, spool, starts, until };
}

test('a dictation from the window: journal first, then the library with its spool, then the page hears the final text', async (t) => {
  const { runtime, events, saved, spool, starts, until } = setup(t, 'hello world');
  const sessionId = await runtime.command('start');
  await until(() => runtime.state?.phase === 'listening');
  await runtime.command('stop');
  await until(() => events.some(([name]) => name === 'onDidFinishDictation'));
  assert.deepEqual(saved, [{ text: 'hello world', spoolPath: spool, journal: ['started', 'final'] }]);
  const final = events.find(([name]) => name === 'onDidFinishDictation')![1];
  assert.deepEqual(final, { sessionId, text: 'hello world', duration: 1.5, inserted: false, transcriptId: 7 });
  const states = events
    .filter(([name]) => name === 'onDidChangeDictationState')
    .map(([, p]) => (p as { state: string }).state);
  assert.deepEqual(states, ['starting', 'listening', 'finishing', 'inserting', 'idle']);
  assert.equal((await runtime.status()).model, 'fake-model');
  // The model in use (Settings → Models) is named to the host: here, with nothing installed, the demo model.
  assert.match(starts[0]?.model ?? '', /verba-demo-sewd$/);
  await runtime.close();
});

test('nothing said: nothing stored, the spool removed, the page told why', async (t) => {
  const { runtime, events, saved, spool, until } = setup(t, '  ');
  await runtime.command('start');
  await until(() => runtime.state?.phase === 'listening');
  await runtime.command('stop');
  await until(() => runtime.state?.phase === 'idle');
  await sleep(50);
  assert.deepEqual(saved, []);
  assert.equal(existsSync(spool), false);
  assert.ok(events.some(([, p]) => (p as { message?: string }).message === 'No speech was heard.'));
  await runtime.close();
});

test('saved settings apply to the next dictation: toggle mode, and the status says so', async (t) => {
  const { runtime } = setup(t, 'x');
  const settings = await runtime.settings.load();
  await runtime.saveSettings({ ...settings, mode: 'toggle', hotkey: 'F9' });
  const status = await runtime.status();
  assert.deepEqual([status.available, status.mode, status.hotkey], [true, 'toggle', 'F9']);
  assert.equal((await runtime.ready()).state.config.mode, 'toggle');
  await runtime.close();
});
