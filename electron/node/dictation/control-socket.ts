/**
 * `verba ctl start|stop|toggle|cancel|status` reaches the running `verba dictate` (or the app) over a
 * local socket only its user can open: a Unix socket (mode 0600) in XDG_RUNTIME_DIR (itself 0700), or a
 * per-user named pipe on Windows. Compositor key bindings on press and on release give real
 * hold-to-talk on Wayland, where no client sees global key releases.
 *
 *   const server = await serveControl((command) => controller.command(command) ?? controller.state.phase);
 *   await sendControl('toggle');      // from another process: resolves with the phase after it
 *   await server.close();
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';

export const CONTROL_COMMANDS = ['start', 'stop', 'toggle', 'cancel', 'status'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];
export const isControlCommand = (v: unknown): v is ControlCommand =>
  typeof v === 'string' && (CONTROL_COMMANDS as readonly string[]).includes(v);

export function controlSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VERBA_CTL_SOCKET) return env.VERBA_CTL_SOCKET;
  if (process.platform === 'win32') return `\\\\.\\pipe\\verba-ctl-${userInfo().username}`;
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime ? join(runtime, 'verba-ctl.sock') : join(tmpdir(), `verba-${userInfo().uid}`, 'ctl.sock');
}

/** Answers one command: the push-to-talk phase after it (what `verba ctl` prints). */
export type ControlHandler = (command: ControlCommand) => string | Promise<string>;

const notRunning = (path: string) =>
  new VerbaError(
    'NotRunning',
    `Verba is not running (no dictation listens on ${path}); start \`verba dictate\` or the app first.`,
  );

export function sendControl(command: ControlCommand, path = controlSocketPath(), timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new VerbaError('NoAnswer', `Verba did not answer on ${path} within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify({ command }) + '\n'));
    socket.on('data', (chunk) => (reply += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? notRunning(path) : error);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        const answer = JSON.parse(reply) as { ok: boolean; state?: string; error?: string };
        if (answer.ok) resolve(answer.state ?? '');
        else reject(new VerbaError('ControlFailed', answer.error ?? 'Verba refused the command.'));
      } catch {
        reject(new VerbaError('ControlFailed', `Verba's answer on ${path} was not understood.`));
      }
    });
  });
}

/** A socket file left by a process that died is replaced; one that answers belongs to a running Verba. */
async function claim(path: string): Promise<void> {
  if (process.platform === 'win32' || !existsSync(path)) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.on('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
  if (alive) throw new VerbaError('AlreadyRunning', `Another Verba dictation already listens on ${path}.`);
  await unlink(path);
}

export async function serveControl(
  handler: ControlHandler,
  path = controlSocketPath(),
): Promise<{ path: string; close(): Promise<void> }> {
  if (process.platform !== 'win32') {
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    await claim(path);
  }
  const server: Server = createServer((socket: Socket) => {
    let request = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', async (chunk) => {
      request += chunk;
      if (!request.includes('\n')) return;
      let answer: { ok: boolean; state?: string; error?: string };
      try {
        const { command } = JSON.parse(request) as { command?: unknown };
        if (!isControlCommand(command))
          throw new VerbaError('BadCommand', `Unknown command; use one of ${CONTROL_COMMANDS.join(', ')}.`);
        answer = { ok: true, state: await handler(command) };
      } catch (error) {
        answer = { ok: false, error: error instanceof VerbaError ? error.message : 'The command was not understood.' };
      }
      socket.end(JSON.stringify(answer) + '\n');
    });
  });
  // Owner-only from the first moment: the umask covers the window between bind and chmod.
  const umask = process.platform === 'win32' ? null : process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    if (umask !== null) process.umask(umask);
  }
  if (process.platform !== 'win32') await chmod(path, 0o600);
  server.unref();
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
