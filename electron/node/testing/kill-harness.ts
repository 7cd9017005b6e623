/**
 * Random-kill trials: each trial starts a piece of real work (a file transcription, a recording), SIGKILLs
 * one process of it at a random moment, then does what a restarted app does (retry, recover the spool)
 * and measures what was lost. Scenarios are plain objects, so the dictation session adds its own
 * (kill the host / the capture worker / the owner mid-utterance) by pushing to the list.
 *
 *   const summary = await runKillTrials(scenarios, { seed: 7, lanes: { cpu: 2, mic: 3 } });
 *   summary.worstAudioLossS; summary.lostFinals; summary.problems;
 */
import { readFileSync, readdirSync } from 'node:fs';

export type KillTarget = 'inference-host' | 'capture-worker' | 'owner';

export interface TrialResult {
  /** When, after the work started, the kill was aimed (ms). */
  killAfterMs: number;
  /** Seconds of audio that existed before the kill and were not recovered (0 for file input that is intact). */
  audioLostS: number;
  /** Texts the owner had shown as final before the kill, and how many of them did not survive. */
  finalsShown: number;
  finalsLost: number;
  /** Broken promises: each one sentence, e.g. "the host outlived its owner by 3 s". */
  problems: string[];
}

export interface KillScenario {
  name: string;
  target: KillTarget;
  /**
   * Trials of one lane run up to `lanes[lane]` at a time, lanes side by side: recordings share the
   * virtual microphone ('mic'); a scenario that keeps state across trials gets a lane of width 1.
   */
  lane: string;
  trials: number;
  run(trial: number, random: () => number): Promise<TrialResult>;
}

export interface KillSummary {
  trials: number;
  /** Trials run and their summed wall time (ms), per scenario. */
  byScenario: Record<string, { trials: number; ms: number }>;
  worstAudioLossS: number;
  lostFinals: number;
  finalsShown: number;
  problems: string[];
  wallMs: number;
}

/** A seeded generator (mulberry32): a failing trial is replayed with the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Live (not zombie) processes whose parent is `pid`, with their command lines (Linux /proc). */
export function childProcesses(pid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command: state ppid …
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== pid || state === 'Z') continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until `pid` is gone; false if it is still running after `ms`. */
export async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (isRunning(pid)) {
    if (performance.now() > until) return false;
    await sleep(20);
  }
  return true;
}

export function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone: the kill raced the end of the work, which is a moment like any other
  }
}

/** Runs every scenario's trials, the lanes side by side, up to `lanes[lane]` trials at once in each (default 1). */
export async function runKillTrials(
  scenarios: readonly KillScenario[],
  options: { seed: number; lanes: Record<string, number> },
): Promise<KillSummary> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const summary: KillSummary = {
    trials: 0,
    byScenario: {},
    worstAudioLossS: 0,
    lostFinals: 0,
    finalsShown: 0,
    problems: [],
    wallMs: 0,
  };
  const lane = async (name: string) => {
    // Interleave the lane's scenarios so every kind of kill meets every state the others leave behind.
    const queue: { scenario: KillScenario; trial: number }[] = [];
    const mine = scenarios.filter((s) => s.lane === name);
    for (let i = 0; mine.some((s) => i < s.trials); i++)
      for (const scenario of mine) if (i < scenario.trials) queue.push({ scenario, trial: i });
    const worker = async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        const { scenario, trial } = job;
        let result: TrialResult;
        const began = performance.now();
        try {
          result = await scenario.run(trial, random);
        } catch (error) {
          result = { killAfterMs: -1, audioLostS: 0, finalsShown: 0, finalsLost: 0, problems: [String(error)] };
        }
        summary.trials++;
        const entry = (summary.byScenario[scenario.name] ??= { trials: 0, ms: 0 });
        entry.trials++;
        entry.ms += performance.now() - began;
        summary.worstAudioLossS = Math.max(summary.worstAudioLossS, result.audioLostS);
        summary.lostFinals += result.finalsLost;
        summary.finalsShown += result.finalsShown;
        const at = `${scenario.name} #${trial} (kill at ${Math.round(result.killAfterMs)} ms)`;
        for (const problem of result.problems) summary.problems.push(`${at}: ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.lanes[name] ?? 1) }, worker));
  };
  await Promise.all([...new Set(scenarios.map((s) => s.lane))].map(lane));
  summary.wallMs = performance.now() - started;
  return summary;
}
