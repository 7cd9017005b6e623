/**
 * Conversion in a short-lived child process, never in the caller's (Electron main's) event loop or
 * heap: base-plus peaks near 3.8 GB while its graph is built. The child reports its stages as
 * messages; a failure comes back as the child's { name, message } error, one sentence.
 *
 *   const manifest = await convertInChild('/cache/hub/x/main/checkpoint', '/cache/hub/x/main/converted-1.1.0-int8', {
 *     variant: 'int8', onStage: (stage) => status.set(stage), signal });
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VerbaError } from '../../common/result.ts';
import type { ModelVariant, RuntimeManifest } from '../convert/manifest.ts';

/** The converter has no finer progress than this: reading + building + writing is one step of seconds to a minute. */
export type ConversionStage = 'converting' | 'done';

export type ConvertMessage =
  | { type: 'stage'; stage: ConversionStage }
  | { type: 'done'; manifest: RuntimeManifest }
  | { type: 'error'; name: string; message: string };

const WORKER = fileURLToPath(new URL('./convert-worker.ts', import.meta.url));

export function convertInChild(
  checkpointDir: string,
  outDir: string,
  options: { variant?: ModelVariant; onStage?: (stage: ConversionStage) => void; signal?: AbortSignal } = {},
): Promise<RuntimeManifest> {
  return new Promise((resolve, reject) => {
    // ELECTRON_RUN_AS_NODE lets Electron's own binary run the worker as plain Node in the packaged app.
    const child = fork(WORKER, [checkpointDir, outDir, options.variant ?? 'fp32'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let settled = false;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('message', (m: ConvertMessage) => {
      if (m.type === 'stage') {
        options.onStage?.(m.stage);
        return;
      }
      settled = true;
      if (m.type === 'done') resolve(m.manifest);
      else reject(new VerbaError(m.name, m.message));
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(
        options.signal?.aborted
          ? new VerbaError('ConversionCancelled', 'The conversion was cancelled; nothing was kept.')
          : new VerbaError('ConversionFailed', `The converter could not start (${error.message}).`),
      );
    });
    child.on('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      const why = signal === 'SIGKILL' ? 'it ran out of memory or was stopped' : `exit ${code ?? signal}`;
      reject(new VerbaError('ConversionFailed', `The converter stopped before finishing (${why}). ${stderr.split('\n')[0] ?? ''}`.trim()));
    });
  });
}
