/**
 * The virtual microphone is one device shared by every test run on the machine: a test that plays
 * into it or records from it holds /tmp/verba-vmic.lock (flock) for as long as it does.
 *
 *   const release = await holdVirtualMic();
 *   try { … paplay / record … } finally { await release(); }
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export const VMIC_LOCK = '/tmp/verba-vmic.lock';

/** Resolves once the lock is held (by a flock child that keeps it until released). */
export async function holdVirtualMic(): Promise<() => Promise<void>> {
  const holder = spawn('flock', [VMIC_LOCK, 'sh', '-c', 'echo held; read _'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    holder.once('exit', (code) => reject(new Error(`flock ${VMIC_LOCK} exited with ${code}`)));
  });
  return async () => {
    if (holder.exitCode !== null) return;
    const gone = once(holder, 'exit');
    holder.stdin.end('\n');
    await gone;
  };
}
