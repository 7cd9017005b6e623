import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runKillTrials, type KillScenario } from './kill-harness.ts';
import { cliKilled, hostKilled, ownerKilled, prepareFileWork } from './kill-scenarios-files.ts';
import { captureWorkerKilled, recorderKilled } from './kill-scenarios-mic.ts';
import { requireTools, requireVirtualMic, sox } from './media.ts';
import { lockVirtualMic } from './mic-lock.ts';

/** VERBA_KILL_TRIALS scales the run (e.g. 500 for a long local hunt); VERBA_KILL_SEED replays one. */
const scale = Number(process.env.VERBA_KILL_TRIALS ?? 50) / 50;
const seed = Number(process.env.VERBA_KILL_SEED ?? Date.now() % 100_000);
const n = (count: number) => Math.max(1, Math.round(count * scale));

test('random SIGKILLs of the inference host, the capture worker and the owner lose no final text and ≤ 1 s of audio', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-kill-'));
  const withMic = (await requireVirtualMic(t)) && requireTools(t, 'flock', 'sox', 'paplay');
  const lock = withMic ? await lockVirtualMic() : null;
  // A quiet tone keeps the null sink running, so captures start as fast as on a real microphone.
  let tone: ReturnType<typeof spawn> | null = null;
  try {
    const work = await prepareFileWork(dir);
    const scenarios: KillScenario[] = [
      hostKilled(work, n(7), 'host-a'),
      hostKilled(work, n(6), 'host-b'),
      ownerKilled(work, n(9)),
      cliKilled(work, n(6)),
    ];
    if (withMic) {
      const toneFile = join(dir, 'tone.wav');
      await sox('-n', '-r', '16000', '-c', '1', '-b', '16', toneFile, 'synth', '120', 'sine', '330', 'vol', '0.05');
      tone = spawn('paplay', ['--device=vmic', toneFile], { stdio: 'ignore' });
      scenarios.push(recorderKilled(dir, n(11)), captureWorkerKilled(dir, n(11)));
    }
    const summary = await runKillTrials(scenarios, { seed, lanes: { cpu: 2, mic: 3 } });
    const lines = [
      `random-kill: ${summary.trials} trials in ${(summary.wallMs / 1000).toFixed(1)} s (seed ${seed})`,
      ...Object.entries(summary.byScenario).map(
        ([name, { trials, ms }]) => `  ${trials} × ${name} (${(ms / trials / 1000).toFixed(2)} s each)`,
      ),
      `  worst audio loss ${summary.worstAudioLossS.toFixed(3)} s (goal ≤ 1 s); lost final texts ${summary.lostFinals} of ${summary.finalsShown} shown (goal 0)`,
    ];
    for (const line of lines) t.diagnostic(line);
    console.log(lines.join('\n'));
    assert.deepEqual(summary.problems, []);
    assert.equal(summary.lostFinals, 0);
    assert.ok(summary.worstAudioLossS <= 1, `lost ${summary.worstAudioLossS.toFixed(3)} s of audio`);
    assert.ok(summary.trials >= (withMic ? 50 : 28) * Math.min(1, scale));
  } finally {
    tone?.kill();
    lock?.release();
    await rm(dir, { recursive: true, force: true });
  }
});
