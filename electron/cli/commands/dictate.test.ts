import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { sendControl } from '../../node/dictation/control-socket.ts';
import { type JournalEntry, readJournal } from '../../node/dictation/journal.ts';
import { REPO_ROOT, playIntoMic, requireVirtualMic, speak } from '../../node/testing/media.ts';
import { holdVirtualMic } from '../../node/testing/mic-lock.ts';
import { openTextarea, openXterm } from '../../node/testing/x11-apps.ts';
import { type XDisplay, startXvfb } from '../../node/testing/x11.ts';

const run = promisify(execFile);
const CLI = join(REPO_ROOT, 'electron/cli/verba.ts');
const MODEL = join(REPO_ROOT, 'models/verba-demo-sewd');
// Words the demo model gets right from espeak-ng through the virtual microphone; the check needs some of them.
const SENTENCE = 'please send me the report tomorrow morning';
const WORDS = ['send', 'me', 'the', 'report', 'morning'];

interface Dictate {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
}

async function startDictate(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Dictate> {
  const child = spawn(process.execPath, [CLI, 'dictate', '--model', MODEL, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  for (let i = 0; !/^Ready:/m.test(err); i++) {
    if (child.exitCode !== null || i > 600) throw new Error(`verba dictate did not start: ${err}`);
    await sleep(50);
  }
  return { child, stdout: () => out, stderr: () => err };
}

async function waitForEntry(path: string, kind: JournalEntry['kind'], count: number): Promise<JournalEntry> {
  for (let i = 0; i < 400; i++) {
    const entries = (await readJournal(path)).filter((e) => e.kind === kind);
    if (entries.length >= count) return entries[count - 1]!;
    await sleep(50);
  }
  throw new Error(`no ${kind} entry #${count} in ${path}`);
}

/** Holds the default hotkey (Right Ctrl) while the sentence plays into the microphone, then lets go. */
async function dictate(x: XDisplay, wav: string): Promise<void> {
  await x.xdotool('keydown', 'Control_R');
  await playIntoMic(wav);
  await x.xdotool('keyup', 'Control_R');
}

/** The journal has the text before insertion starts; `verba ctl status` says when insertion is over. */
async function waitIdle(socket: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const phase = await sendControl('status', socket);
    if (phase === 'idle' || phase === 'failed') return phase;
    await sleep(50);
  }
  throw new Error('the dictation did not finish');
}

const heard = (text: string) => WORDS.filter((w) => text.toLowerCase().split(/\W+/).includes(w));

describe('verba dictate end to end (Xvfb, virtual microphone, real xterm and Chromium)', () => {
  it('hotkey + speech → text pasted into an xterm and a Chromium textarea, clipboard restored; a SIGKILLed dictation is finished from its spool', async (t) => {
    if (!(await requireVirtualMic(t))) return;
    const x = await startXvfb(t, 'xterm', 'xclip', 'xprop', 'chromium', 'espeak-ng', 'flock');
    if (!x) return;
    const dir = await mkdtemp(join(tmpdir(), 'verba-dictate-'));
    const wav = join(dir, 'sentence.wav');
    await speak(SENTENCE, wav);
    const env = {
      ...x.env,
      VERBA_JOURNAL: join(dir, 'dictations.jsonl'),
      VERBA_SPOOL_DIR: join(dir, 'spool'),
      VERBA_CTL_SOCKET: join(dir, 'ctl.sock'),
    };
    const journal = env.VERBA_JOURNAL;
    const children: ChildProcess[] = [];
    const [term, page] = await Promise.all([openXterm(x, dir), openTextarea(x)]);
    const release = await holdVirtualMic();
    t.after(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await release();
      await page.close();
      await term.close();
      await x.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const clipboard = async () => (await run('xclip', ['-o', '-selection', 'clipboard'], { env })).stdout;
    const copy = execFile('xclip', ['-i', '-selection', 'clipboard'], { env });
    copy.stdin!.end('copied before dictating');
    await once(copy, 'exit');

    const first = await startDictate(env);
    children.push(first.child);

    // 1. Into the terminal: Ctrl+Shift+V (xterm's WM_CLASS), the user's clipboard back afterwards.
    await term.focus();
    await dictate(x, wav);
    const toTerm = await waitForEntry(journal, 'final', 1);
    assert.ok(heard(toTerm.text).length >= 2, `the sentence was recognised: "${toTerm.text}"`);
    assert.equal(await waitIdle(env.VERBA_CTL_SOCKET), 'idle', first.stderr());
    await x.xdotool('key', 'Return');
    assert.equal(await term.line(), toTerm.text, first.stderr());
    assert.equal(await clipboard(), 'copied before dictating');

    // 2. Into the browser page: Ctrl+V; a new window is no continuation of the terminal's text.
    await page.focus();
    await dictate(x, wav);
    const toPage = await waitForEntry(journal, 'final', 2);
    assert.equal(await waitIdle(env.VERBA_CTL_SOCKET), 'idle', first.stderr());
    assert.equal(await page.value(), toPage.text, first.stderr());
    assert.equal(await clipboard(), 'copied before dictating');

    // 3. The process dies mid-dictation (SIGKILL: no cleanup at all) …
    await x.xdotool('keydown', 'Control_R');
    await playIntoMic(wav);
    await waitForEntry(journal, 'started', 3);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    await x.xdotool('keyup', 'Control_R');
    // … and the next start finishes that dictation from its spool, prints it and saves it.
    const second = await startDictate(env, '--print');
    children.push(second.child);
    const recovered = await waitForEntry(journal, 'recovered', 1);
    assert.ok(heard(recovered.text).length >= 2, `the interrupted sentence was recovered: "${recovered.text}"`);
    assert.match(second.stdout(), new RegExp(`^${recovered.text}$`, 'm'));
    assert.match(second.stderr(), /finished a dictation that was interrupted/);

    // Ctrl-C exits cleanly: exit 0, and no spool is left behind (every text is saved).
    second.child.kill('SIGINT');
    const [code] = (await once(second.child, 'exit')) as [number | null];
    assert.equal(code, 0, second.stderr());
    const spoolDir = env.VERBA_SPOOL_DIR;
    assert.deepEqual(existsSync(spoolDir) ? await readdir(spoolDir) : [], []);
  });
});
