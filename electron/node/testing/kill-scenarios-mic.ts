/**
 * Random-kill scenarios of recording through the virtual microphone: `verba record` (the owner of the
 * spool) killed, and its capture worker (PortAudio in a child process) killed under it. Audio lost is
 * what was captured before the kill, by the wall clock, minus what the spool recovery (or the saved
 * WAV) gives back. Run them holding the virtual-microphone lock (mic-lock.ts).
 *
 *   const scenarios = [recorderKilled(dir, 10), captureWorkerKilled(dir, 10)];
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAudioFile } from '../audio/load-audio.ts';
import { discardSpool, listOrphanedSpools, recoverSpool } from '../audio/spool.ts';
import { REPO_ROOT } from './media.ts';
import { childProcesses, kill, sleep, waitGone, type KillScenario, type TrialResult } from './kill-harness.ts';
import { isOneSentence } from './kill-scenarios-files.ts';

const CLI = join(REPO_ROOT, 'electron/cli/verba.ts');
const HEADER = 44;
/** Float32 mono 16 kHz spool bytes per second. */
const BYTES_PER_S = 16_000 * 4;

interface Recording {
  pid: number;
  done: Promise<{ code: number | null; stderr: string }>;
  /** performance.now() at which the first audio was captured (estimated from the spool), or null. */
  firstAudioAt: () => number | null;
  workerPids: () => number[];
}

/** Starts `verba record` and watches its spool grow (every 10 ms) to date the first captured audio. */
async function startRecording(dir: string, out: string): Promise<Recording> {
  await mkdir(dir, { recursive: true });
  const child = spawn(process.execPath, [CLI, 'record', '--seconds', '60', '--out', out, '--spool-dir', dir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stderr })),
  );
  let firstAudioAt: number | null = null;
  const workers = new Set<number>();
  let watching = true;
  void done.then(() => (watching = false));
  void (async () => {
    while (watching) {
      for (const c of childProcesses(child.pid!)) if (c.command.includes('naudiodon-worker')) workers.add(c.pid);
      if (firstAudioAt === null) {
        const name = (await readdir(dir).catch(() => [] as string[])).find((n) => n.startsWith('spool-'));
        const size =
          name === undefined
            ? 0
            : await stat(join(dir, name)).then(
                (s) => s.size,
                () => 0,
              );
        // What is on disk was captured that long ago (the spool is written in 100 ms batches).
        if (size > HEADER) firstAudioAt = performance.now() - ((size - HEADER) / BYTES_PER_S) * 1000;
      }
      await sleep(10);
    }
  })();
  return { pid: child.pid!, done, firstAudioAt: () => firstAudioAt, workerPids: () => [...workers] };
}

const result = (killAfterMs: number): TrialResult => ({
  killAfterMs,
  audioLostS: 0,
  finalsShown: 0,
  finalsLost: 0,
  problems: [],
});

/** Kill at a random moment from the worker's start to ~2 s of audio: before, at and after capture begins. */
async function aim(recording: Recording, r: TrialResult): Promise<number> {
  const started = performance.now();
  while (recording.workerPids().length === 0 && performance.now() - started < 10_000) await sleep(5);
  await sleep(r.killAfterMs);
  return performance.now();
}

const capturedBefore = (recording: Recording, killedAt: number) => {
  const first = recording.firstAudioAt();
  return first === null || first > killedAt ? 0 : (killedAt - first) / 1000;
};

export function recorderKilled(root: string, trials: number): KillScenario {
  return {
    name: '`verba record` killed',
    target: 'owner',
    lane: 'mic',
    trials,
    async run(trial, random) {
      const r = result(random() * 2500);
      const dir = join(root, `owner-${trial}`);
      const recording = await startRecording(dir, join(dir, 'never.wav'));
      const killedAt = await aim(recording, r);
      kill(recording.pid);
      await recording.done;
      const captured = capturedBefore(recording, killedAt);
      for (const pid of recording.workerPids())
        // PortAudio's start-up is synchronous: a worker killed-orphaned mid-open exits once it returns.
        if (!(await waitGone(pid, 10_000))) {
          r.problems.push('the capture worker outlived its recorder by 10 s');
          kill(pid);
        }
      // The restart: what `verba record --recover` and the app's start-up do.
      const orphans = await listOrphanedSpools(dir);
      let recovered = 0;
      for (const orphan of orphans) {
        recovered += (await recoverSpool(orphan.path)).samples.length / 16_000;
        await discardSpool(orphan.path);
      }
      if (captured > 0 && orphans.length !== 1) r.problems.push(`${orphans.length} spools offered, not 1`);
      r.audioLostS = Math.max(0, captured - recovered);
      return r;
    },
  };
}

export function captureWorkerKilled(root: string, trials: number): KillScenario {
  return {
    name: 'recording, capture worker killed',
    target: 'capture-worker',
    lane: 'mic',
    trials,
    async run(trial, random) {
      const r = result(random() * 2500);
      const dir = join(root, `worker-${trial}`);
      const out = join(dir, 'take.wav');
      const recording = await startRecording(dir, out);
      const killedAt = await aim(recording, r);
      recording.workerPids().forEach(kill);
      const { code, stderr } = await recording.done;
      const captured = capturedBefore(recording, killedAt);
      // The last line is the error ("Recorded … s" may come before it).
      const message = (stderr.trim().split('\n').at(-1) ?? '').replace(/^verba: /, '');
      if (code !== 1 || !isOneSentence(message)) r.problems.push(`the recorder ended with ${code}: ${stderr.trim()}`);
      // An empty take (the worker died before its first buffer) is refused by the decoder: it holds 0 s.
      const saved = existsSync(out)
        ? await loadAudioFile(out).then(
            (a) => a.samples.length / 16_000,
            () => 0,
          )
        : 0;
      // Whatever it could not save must still be offered from its spool.
      let recovered = 0;
      for (const orphan of await listOrphanedSpools(dir)) {
        recovered += (await recoverSpool(orphan.path)).samples.length / 16_000;
        await discardSpool(orphan.path);
      }
      if (saved > 0 && !/what was recorded is saved in/.test(message))
        r.problems.push(`the recorder saved audio but said: ${message}`);
      r.audioLostS = Math.max(0, captured - Math.max(saved, recovered));
      return r;
    },
  };
}
