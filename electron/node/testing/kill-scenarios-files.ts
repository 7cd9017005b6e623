/**
 * Random-kill scenarios of file transcription: the inference host killed under its owner, the owner
 * (a stand-in for Electron main) killed with its host, and `verba transcribe --out` killed. A file's
 * audio is the user's own file, so "recovery" is running the job again: the file must be intact, the
 * rerun must equal an uninterrupted run, and no output may ever be half written.
 *
 *   const work = await prepareFileWork(dir);
 *   const scenarios = [hostKilled(work, 12), ownerKilled(work, 10), cliKilled(work, 6)];
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeWavFile } from '../audio/wav-file.ts';
import { forkInferenceHost } from '../../utility/fork-host.ts';
import { convertedSewdFixture, speechLike } from './fixtures.ts';
import { REPO_ROOT } from './media.ts';
import { childProcesses, kill, sleep, waitGone, type KillScenario, type TrialResult } from './kill-harness.ts';

export interface FileWork {
  dir: string;
  model: string;
  audio: string;
  audioSha256: string;
  durationS: number;
  /** The text of an uninterrupted run: every run that finishes must produce exactly this. */
  reference: string;
  /** Wall time of one uninterrupted run from a cold start, per kind of owner (ms): kills land inside it. */
  coldMs: { host: number; owner: number; cli: number };
}

const STAND_IN = join(REPO_ROOT, 'electron/node/testing/owner-stand-in.ts');
const CLI = join(REPO_ROOT, 'electron/cli/verba.ts');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/** One sentence a person can read: a capital, no line break, a full stop. */
export const isOneSentence = (text: string) => /^[A-Z][^\n]*[.!?]$/.test(text.trim()) && !text.includes('\n    at ');

function run(
  command: string,
  args: string[],
): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  pid: number;
  /** `code` is set the moment the process has exited. */
  exit: { code?: number | null };
} {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit: { code?: number | null } = {};
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code: (exit.code = code), stdout, stderr })),
  );
  return { done, pid: child.pid!, exit };
}

const standInArgs = (work: FileWork, out: string) => [STAND_IN, work.model, work.audio, out];
const cliArgs = (work: FileWork, out: string) => [
  CLI,
  'transcribe',
  work.audio,
  '--model',
  work.model,
  '--raw',
  '--out',
  out,
];

export async function prepareFileWork(dir: string, seconds = 30): Promise<FileWork> {
  const model = await convertedSewdFixture();
  const audio = join(dir, 'meeting.wav');
  await writeWavFile(audio, { samples: speechLike(seconds, 11), sampleRate: 16_000 }, 'int16');
  const host = forkInferenceHost();
  let t = performance.now();
  const first = await host.call('transcribeFile', crypto.randomUUID(), { path: audio, model, raw: true }, null);
  const hostMs = performance.now() - t;
  host.stop();
  if (!first.ok) throw new Error(`the uninterrupted run failed: ${first.error.message}`);
  const work: FileWork = {
    dir,
    model,
    audio,
    audioSha256: sha256(audio),
    durationS: seconds,
    reference: first.value.text,
    coldMs: { host: hostMs, owner: 0, cli: 0 },
  };
  for (const [kind, args] of [
    ['owner', standInArgs],
    ['cli', cliArgs],
  ] as const) {
    const out = join(dir, `reference-${kind}.txt`);
    t = performance.now();
    const { code, stderr } = await run(process.execPath, args(work, out)).done;
    work.coldMs[kind] = performance.now() - t;
    if (code !== 0) throw new Error(`the uninterrupted ${kind} run failed: ${stderr}`);
    const text = readFileSync(out, 'utf8').trim();
    if (text !== work.reference) throw new Error(`the ${kind} run wrote "${text}", not the host's "${work.reference}"`);
  }
  return work;
}

const result = (killAfterMs: number): TrialResult => ({
  killAfterMs,
  audioLostS: 0,
  finalsShown: 0,
  finalsLost: 0,
  problems: [],
});

/** The audio is the user's file: a kill must leave it byte for byte as it was. */
function checkInputIntact(work: FileWork, r: TrialResult): void {
  if (!existsSync(work.audio) || sha256(work.audio) !== work.audioSha256) {
    r.audioLostS = work.durationS;
    r.problems.push('the input recording was changed or removed');
  }
}

/** Main's side stays up; its host is killed mid-call, and the restarted host must finish the same job. */
export function hostKilled(work: FileWork, trials: number, lane = 'host'): KillScenario {
  // One client for every trial, as main keeps one: it must restart its host after each kill. Its hosts
  // carry the lane's name in their environment, so lanes running side by side find their own.
  const host = forkInferenceHost({ env: { VERBA_KILL_LANE: lane } });
  const mine = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`VERBA_KILL_LANE=${lane}`);
    } catch {
      return false;
    }
  };
  const request = { path: work.audio, model: work.model, raw: true };
  return {
    name: 'file transcription, inference host killed',
    target: 'inference-host',
    // One client, one host at a time: its trials run one after another.
    lane,
    trials,
    async run(trial, random) {
      const r = result(random() * work.coldMs.host * 1.5);
      const call = host.call('transcribeFile', crypto.randomUUID(), request, null);
      // The client forks its host synchronously inside call(), so it is our only host child now.
      const hosts = childProcesses(process.pid).filter((c) => c.command.includes('inference-host') && mine(c.pid));
      // None when the previous kill's exit is not yet processed: the call then fails at once ("try again").
      if (hosts.length > 1) r.problems.push(`${hosts.length} host processes run at once`);
      const killer = sleep(r.killAfterMs).then(() => hosts.forEach((h) => kill(h.pid)));
      const first = await call;
      await killer;
      for (const h of hosts) if (!(await waitGone(h.pid, 3000))) r.problems.push('the host survived SIGKILL');
      if (first.ok) {
        r.finalsShown = 1;
        if (first.value.text !== work.reference) {
          r.finalsLost = 1;
          r.problems.push('a transcript returned before the kill differs from the uninterrupted run');
        }
      } else {
        if (first.error.name !== 'InferenceHostStopped' || !isOneSentence(first.error.message))
          r.problems.push(`the interrupted call failed as ${first.error.name}: ${first.error.message}`);
        // What a user does after "please try again": the same file, on the host the client restarts.
        const again = await host.call('transcribeFile', crypto.randomUUID(), request, null);
        if (!again.ok) r.problems.push(`the retry after the restart failed: ${again.error.message}`);
        else {
          r.audioLostS = Math.max(0, work.durationS - again.value.duration_s);
          if (again.value.text !== work.reference) r.problems.push('the retry differs from the uninterrupted run');
        }
      }
      checkInputIntact(work, r);
      if (trial === trials - 1) host.stop();
      return r;
    },
  };
}

/** Kills an owner process (stand-in for main, or `verba transcribe`) and checks its output and its children. */
function ownerKill(
  work: FileWork,
  trials: number,
  name: string,
  coldMs: () => number,
  args: (out: string) => string[],
): KillScenario {
  return {
    name,
    target: 'owner',
    lane: 'cpu',
    trials,
    async run(trial, random) {
      // 1.5× a quiet run: the other lanes slow the work down, and some kills must land after it finished.
      const r = result(random() * coldMs() * 1.5);
      const out = join(work.dir, `${name.replace(/\W+/g, '-')}-${trial}.txt`);
      const started = performance.now();
      const owner = run(process.execPath, args(out));
      // Remember every child the owner had (its inference host): none may outlive it.
      const children = new Map<number, string>();
      while (performance.now() - started < r.killAfterMs) {
        for (const c of childProcesses(owner.pid)) children.set(c.pid, c.command);
        await sleep(Math.min(15, Math.max(0, r.killAfterMs - (performance.now() - started))));
      }
      const finished = owner.exit.code;
      kill(owner.pid);
      const { stdout, stderr } = await owner.done;
      // An owner that ended by itself before the kill must have succeeded.
      if (finished !== undefined && finished !== 0) r.problems.push(`it failed on its own: ${stderr.trim()}`);
      for (const [pid] of children)
        if (!(await waitGone(pid, 3000))) {
          r.problems.push(`its child process ${pid} outlived it by 3 s`);
          kill(pid);
        }
      r.finalsShown = stdout.includes('final\n') ? 1 : 0;
      if (existsSync(out)) {
        if (readFileSync(out, 'utf8').trim() !== work.reference) r.problems.push(`${out} was left half written`);
      } else if (r.finalsShown === 1) {
        r.finalsLost = 1;
        r.problems.push('a transcript announced as stored is missing');
      }
      checkInputIntact(work, r);
      return r;
    },
  };
}

export const ownerKilled = (work: FileWork, trials: number): KillScenario =>
  ownerKill(
    work,
    trials,
    'file transcription, owner (stand-in for main) killed',
    () => work.coldMs.owner,
    (out) => standInArgs(work, out),
  );

export const cliKilled = (work: FileWork, trials: number): KillScenario =>
  ownerKill(
    work,
    trials,
    '`verba transcribe --out` killed',
    () => work.coldMs.cli,
    (out) => cliArgs(work, out),
  );
