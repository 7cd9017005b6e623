/**
 * The virtual microphone is one device shared by every test run and every engineer on a machine: a test
 * that plays into it or records from it holds the same lock interactive commands take with
 * `flock /tmp/verba-vmic.lock <command>`, so two runs never hear each other.
 *
 *   const lock = await lockVirtualMic();
 *   try { … record … } finally { lock.release(); }
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export const VIRTUAL_MIC_LOCK = '/tmp/verba-vmic.lock';

export interface MicLock {
  /** How long the lock took to get, in ms (another run held it meanwhile). */
  readonly waitedMs: number;
  release(): void;
}

/**
 * Takes the lock by running flock(1) around a `cat` that waits on our stdin: the lock lives exactly as long
 * as that pipe, so it is released on release() and also when this process dies, however it dies.
 */
export async function lockVirtualMic(options: { timeoutMs?: number } = {}): Promise<MicLock> {
  const started = performance.now();
  const timeoutS = Math.ceil((options.timeoutMs ?? 600_000) / 1000);
  const holder = spawn('flock', ['-w', String(timeoutS), VIRTUAL_MIC_LOCK, 'sh', '-c', 'echo locked; exec cat'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((resolve, reject) => {
    holder.stdout.once('data', () => resolve());
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`flock ${VIRTUAL_MIC_LOCK} gave up (exit code ${code})`)));
  });
  await locked;
  holder.stdout.resume();
  return {
    waitedMs: performance.now() - started,
    release() {
      holder.stdin.end();
      void once(holder, 'exit').catch(() => undefined);
    },
  };
}

/** Runs `fn` while holding the lock. */
export async function withVirtualMicLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = await lockVirtualMic();
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/** Takes the lock and returns its release, for tests that hold it across several steps. */
export async function holdVirtualMic(): Promise<() => Promise<void>> {
  const lock = await lockVirtualMic();
  return async () => lock.release();
}
