/**
 * The virtual microphone is one PulseAudio sink shared by every test run on the machine: whoever plays
 * into it or records from it holds /tmp/verba-vmic.lock (flock) meanwhile, so two runs never hear each
 * other. The lock is held by a `flock … cat` child until `fn` settles.
 *
 *   await withVirtualMicLock(async () => { …record while paplay plays… });
 */
import { spawn } from 'node:child_process';

export const VMIC_LOCK = '/tmp/verba-vmic.lock';

export async function withVirtualMicLock<T>(fn: () => Promise<T>): Promise<T> {
  const holder = spawn('flock', [VMIC_LOCK, 'sh', '-c', 'echo locked; cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`flock ${VMIC_LOCK} exited with ${code}`)));
    holder.stdout.once('data', () => resolve());
  });
  try {
    return await fn();
  } finally {
    holder.removeAllListeners('exit');
    holder.stdin.end(); // cat ends, sh ends, flock releases
    await new Promise<void>((resolve) => (holder.exitCode !== null ? resolve() : holder.once('exit', () => resolve())));
  }
}
