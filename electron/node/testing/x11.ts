/**
 * A private Xvfb display for tests that need real X windows and real key events (xdotool → uiohook).
 * Each test process picks its own display number from its pid, so parallel runs never share one.
 *
 *   const x = await startXvfb(t);            // null when skipped (no Xvfb outside CI)
 *   if (!x) return;
 *   spawn('xterm', [], { env: x.env });
 *   await x.stop();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';
import { requireTools } from './media.ts';

const run = promisify(execFile);

export interface XDisplay {
  display: string;
  /** process.env with DISPLAY set to this display. */
  env: NodeJS.ProcessEnv;
  /** Runs xdotool on this display. */
  xdotool(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startXvfb(t: TestContext, ...tools: string[]): Promise<XDisplay | null> {
  if (!requireTools(t, 'Xvfb', 'xdotool', ...tools)) return null;
  let n = 300 + (process.pid % 600);
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n++;
  const display = `:${n}`;
  const server: ChildProcess = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  const env = { ...process.env, DISPLAY: display };
  for (let i = 0; !existsSync(`/tmp/.X11-unix/X${n}`); i++) {
    if (i > 100 || server.exitCode !== null) throw new Error(`Xvfb ${display} did not start`);
    await sleep(50);
  }
  // The socket appears before the server has loaded its keyboard map; a client request proves it is ready.
  for (let i = 0; ; i++) {
    try {
      await run('xdotool', ['getmouselocation'], { env });
      break;
    } catch (error) {
      if (i > 100) throw error;
      await sleep(50);
    }
  }
  return {
    display,
    env,
    xdotool: async (...args) => (await run('xdotool', args, { env })).stdout,
    stop: async () => {
      if (server.exitCode !== null) return;
      const gone = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await gone;
    },
  };
}
