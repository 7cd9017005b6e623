/**
 * Test support for the audio tests: system tools (espeak-ng, sox, ffmpeg, PulseAudio), the virtual
 * microphone, and signal comparison. Tests that need a tool FAIL in CI (CI=true) when it is missing
 * and SKIP elsewhere with a one-line reason.
 *
 *   if (!requireTools(t, 'espeak-ng', 'ffmpeg')) return;
 *   await speak('Hello world', join(dir, 'ref.wav'));
 *   const { correlation, lag } = alignedCorrelation(captured, reference);
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';

const run = promisify(execFile);
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const VIRTUAL_MIC_SCRIPT = fileURLToPath(new URL('../../../.ci/virtual-mic.sh', import.meta.url));

const hasTool = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;

/** True when every tool is present; otherwise fails (CI) or skips the test (elsewhere). */
export function requireTools(t: TestContext, ...tools: string[]): boolean {
  const missing = tools.filter((tool) => !hasTool(tool));
  if (missing.length === 0) return true;
  const reason = `needs ${missing.join(', ')} (not installed)`;
  if (process.env.CI === 'true') assert.fail(`CI must provide ${missing.join(', ')}: ${reason}`);
  t.skip(reason);
  return false;
}

let micReady: Promise<string | null> | null = null;

/** Starts (idempotently) the PulseAudio virtual microphone; true when it is usable. */
export async function requireVirtualMic(t: TestContext): Promise<boolean> {
  if (!requireTools(t, 'pulseaudio', 'pactl', 'paplay')) return false;
  micReady ??= run('sh', [VIRTUAL_MIC_SCRIPT]).then(
    () => null,
    (error: Error & { stderr?: string }) => (error.stderr || error.message).trim(),
  );
  const problem = await micReady;
  if (problem === null) return true;
  if (process.env.CI === 'true') assert.fail(`the virtual microphone could not start: ${problem}`);
  t.skip(`virtual microphone unavailable: ${problem}`);
  return false;
}

/** espeak-ng speech as a WAV (22.05 kHz mono 16-bit). */
export async function speak(text: string, out: string): Promise<void> {
  await run('espeak-ng', ['-w', out, text]);
}

export async function ffmpeg(...args: string[]): Promise<void> {
  await run('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
}

export async function sox(...args: string[]): Promise<void> {
  await run('sox', args);
}

/** Makes PulseAudio null sink `name` (a private microphone: record its `.monitor`) unless it exists. */
export function ensureNullSink(name: string): void {
  const sinks = spawnSync('pactl', ['list', 'short', 'sinks'], { encoding: 'utf8' }).stdout ?? '';
  if (!sinks.split('\n').some((l) => l.split('\t')[1] === name))
    spawnSync('pactl', ['load-module', 'module-null-sink', `sink_name=${name}`], { stdio: 'ignore' });
}

/** Plays a file into the virtual microphone's sink; resolves when playback ends. */
export async function playIntoMic(path: string): Promise<void> {
  await run('paplay', ['--device=vmic', path]);
}

function dot(a: Float32Array, b: Float32Array, lag: number, length: number): { xy: number; xx: number; yy: number } {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < length; i++) {
    const j = i + lag;
    if (j < 0 || j >= a.length) continue;
    const x = a[j]!;
    const y = b[i]!;
    xy += x * y;
    xx += x * x;
    yy += y * y;
  }
  return { xy, xx, yy };
}

const normalised = (d: { xy: number; xx: number; yy: number }) =>
  d.xx > 0 && d.yy > 0 ? d.xy / Math.sqrt(d.xx * d.yy) : 0;

function decimate(x: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(Math.floor(x.length / factor));
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let k = 0; k < factor; k++) s += x[i * factor + k]!;
    out[i] = s / factor;
  }
  return out;
}

/**
 * Best normalised cross-correlation of `reference` placed inside `signal` at lags in [minLag, maxLag]
 * (samples): a coarse search on 8× decimated signals, then an exact one around the best coarse lag.
 */
export function alignedCorrelation(
  signal: Float32Array,
  reference: Float32Array,
  minLag = 0,
  maxLag = signal.length - reference.length,
): { correlation: number; lag: number } {
  const f = 8;
  const s8 = decimate(signal, f);
  const r8 = decimate(reference, f);
  let bestLag = minLag;
  let best = -Infinity;
  for (let lag = Math.floor(minLag / f); lag <= Math.ceil(maxLag / f); lag++) {
    const c = normalised(dot(s8, r8, lag, r8.length));
    if (c > best) {
      best = c;
      bestLag = lag * f;
    }
  }
  best = -Infinity;
  let fine = bestLag;
  for (let lag = bestLag - 2 * f; lag <= bestLag + 2 * f; lag++) {
    const c = normalised(dot(signal, reference, lag, reference.length));
    if (c > best) {
      best = c;
      fine = lag;
    }
  }
  return { correlation: best, lag: fine };
}

export function rms(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return x.length > 0 ? Math.sqrt(s / x.length) : 0;
}
