/**
 * Puts dictated text into the app the user was typing in, with the platform's own tools (no native
 * addon): on X11 xclip + xdotool, on Wayland wl-clipboard + wtype, on macOS pbcopy + osascript, on
 * Windows PowerShell. Paste mode saves the clipboard, serves the text, presses the paste keys, and puts
 * the old clipboard back only once the target has read the text: on X11 xclip reports each content
 * request it serves (the read is over when they stop), on Wayland `wl-copy --paste-once` exits after one.
 *
 *   const desktop = desktopInserter();
 *   const target = await desktop.focusedTarget();     // when the dictation starts
 *   const outcome = await desktop.insert('Hello.', target, 'paste');
 *   if (!outcome.ok) notify(outcome.message);           // the text is on the clipboard then
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { DICTATION_DEFAULTS } from '../../common/defaults.ts';
import { type InsertionMethod, pasteChord } from '../../common/dictation/insertion-plan.ts';

export interface InsertTarget {
  /** X11 window id (decimal); '' where the platform cannot tell windows apart (Wayland). */
  id: string;
  /** WM_CLASS instance and class names (X11), or the app name. */
  windowClass: string[];
}

export type InsertOutcome =
  | { ok: true; method: InsertionMethod }
  /** Nothing went in; `copied`: the text is on the clipboard for the user to paste. */
  | { ok: false; copied: boolean; message: string };

export interface TextInserter {
  readonly name: string;
  focusedTarget(): Promise<InsertTarget | null>;
  insert(text: string, target: InsertTarget | null, method: InsertionMethod): Promise<InsertOutcome>;
}

export interface InserterOptions {
  env?: NodeJS.ProcessEnv;
  clipboardReadTimeoutMs?: number;
}

type Run = (cmd: string, args: string[], input?: string | Buffer) => Promise<Buffer>;

function runner(env: NodeJS.ProcessEnv): Run {
  return (cmd, args, input) =>
    new Promise((resolve, reject) => {
      const child = execFile(cmd, args, { env, encoding: 'buffer', timeout: 5000 }, (error, stdout, stderr) => {
        if (error) {
          const why = stderr.toString().trim().split('\n')[0] || error.message;
          reject(new Error(`${cmd} failed: ${why}`));
        } else resolve(stdout);
      });
      // Tools that read no stdin (xdotool, xprop) may exit before it is written: that is not an error.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
}

const describe = (t: InsertTarget | null) => (t === null ? 'no window' : t.windowClass.at(-1) || `window ${t.id}`);

/** Waits for the child to exit, up to ms; true when it did. */
async function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([once(child, 'exit').then(() => true), timer]);
}

/** X11: xdotool (XTEST keys into the focused window, focus and WM_CLASS), xclip (the clipboard). */
export function x11Inserter(options: InserterOptions = {}): TextInserter {
  const env = options.env ?? process.env;
  const run = runner(env);
  const readTimeout = options.clipboardReadTimeoutMs ?? DICTATION_DEFAULTS.clipboardReadTimeoutMs;
  const settle = DICTATION_DEFAULTS.clipboardSettleMs;

  async function focusedTarget(): Promise<InsertTarget | null> {
    try {
      // Without -f xdotool walks up to the window that carries WM_CLASS: the app's top level.
      const id = (await run('xdotool', ['getwindowfocus'])).toString().trim();
      if (!/^\d+$/.test(id) || id === '0' || id === '1') return null;
      const prop = (await run('xprop', ['-id', id, 'WM_CLASS']).catch(() => Buffer.from(''))).toString();
      return { id, windowClass: [...prop.matchAll(/"([^"]*)"/g)].map((m) => m[1]!) };
    } catch {
      return null;
    }
  }

  /** The clipboard's text or PNG, to put back afterwards; null when it is empty (or holds neither). */
  async function saveClipboard(): Promise<{ type: string; data: Buffer } | null> {
    const targets = await run('xclip', ['-o', '-selection', 'clipboard', '-t', 'TARGETS']).catch(() => null);
    if (targets === null) return null;
    const list = targets.toString().split('\n');
    const type = ['UTF8_STRING', 'image/png', 'STRING'].find((t) => list.includes(t));
    if (type === undefined) return null;
    const data = await run('xclip', ['-o', '-selection', 'clipboard', '-t', type]).catch(() => null);
    return data === null ? null : { type, data };
  }

  /**
   * xclip takes the clipboard, then forks a child that serves it until another app takes it; the child
   * keeps any inherited pipe open, so only the parent's exit is awaited and no output is piped.
   */
  const copy = async (data: string | Buffer, type = 'UTF8_STRING') => {
    const child = spawn('xclip', ['-i', '-selection', 'clipboard', '-t', type], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(data);
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`xclip could not take the clipboard (exit ${code})`);
  };

  /**
   * Serves the text with xclip and counts the content requests it answers (-verbose announces each
   * next one; TARGETS queries are not counted). Chromium reads a paste in more than one request, so a
   * read is over once requests stop coming for clipboardSettleMs after the first.
   */
  async function serve(
    text: string,
  ): Promise<{ served: () => number; read: (since: number) => Promise<boolean>; stop: () => void }> {
    const child = spawn('xclip', ['-i', '-selection', 'clipboard', '-loops', '1000', '-verbose'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
    let said = '';
    let served = -1;
    let lastAt = 0;
    let wake: (() => void) | null = null;
    await new Promise<void>((resolve, reject) => {
      const hear = (chunk: Buffer) => {
        said += chunk.toString();
        for (const m of said.matchAll(/selection request (\d+) of/g)) {
          const n = Number(m[1]) - 1;
          if (n > served) {
            served = n;
            lastAt = performance.now();
            wake?.();
          }
        }
        if (served >= 0) resolve(); // it owns the clipboard and waits for the first request
      };
      child.stdout.on('data', hear);
      child.stderr.on('data', hear);
      child.once('error', reject);
      child.once('exit', () => reject(new Error(`xclip could not take the clipboard: ${said.trim() || 'no output'}`)));
    });
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    return {
      served: () => served,
      async read(since) {
        const end = performance.now() + readTimeout;
        while (served <= since) {
          if (performance.now() >= end) return false;
          await pause(end - performance.now());
        }
        for (let quiet = settle; quiet > 0; quiet = lastAt + settle - performance.now()) await pause(quiet);
        return true;
      },
      stop: () => child.kill(),
    };
  }

  async function insert(text: string, target: InsertTarget | null, method: InsertionMethod): Promise<InsertOutcome> {
    const keep = async (why: string): Promise<InsertOutcome> => {
      const copied = await copy(text).then(
        () => true,
        () => false,
      );
      return {
        ok: false,
        copied,
        message: `${why}; ${copied ? 'the text is on the clipboard' : 'the text is kept in Verba'}.`,
      };
    };
    if (method === 'copy') {
      try {
        await copy(text);
        return { ok: true, method };
      } catch (error) {
        return { ok: false, copied: false, message: `Copying failed (${(error as Error).message})` };
      }
    }
    const now = await focusedTarget();
    if (target === null || now === null) return keep('No window had the keyboard focus to insert into');
    if (now.id !== target.id)
      return keep(`The focus moved from ${describe(target)} to ${describe(now)} while you dictated`);
    try {
      if (method === 'type') {
        await run('xdotool', ['type', '--clearmodifiers', '--delay', '4', '--', text]);
        return { ok: true, method };
      }
      const previous = await saveClipboard();
      const server = await serve(text);
      const before = server.served(); // a clipboard manager may have read it already: not the paste
      await run('xdotool', ['key', '--clearmodifiers', pasteChord('linux', target.windowClass)]);
      const read = await server.read(before);
      server.stop();
      if (!read) return keep(`${describe(target)} did not take the paste`);
      if (previous !== null) await copy(previous.data, previous.type);
      return { ok: true, method };
    } catch (error) {
      return keep(`Inserting failed (${(error as Error).message})`);
    }
  }

  return { name: 'x11', focusedTarget, insert };
}

/** Wayland (wlroots, KDE, GNOME with wtype support): no window ids, so no focus check. */
export function waylandInserter(options: InserterOptions = {}): TextInserter {
  const env = options.env ?? process.env;
  const run = runner(env);
  const readTimeout = options.clipboardReadTimeoutMs ?? DICTATION_DEFAULTS.clipboardReadTimeoutMs;
  return {
    name: 'wayland',
    focusedTarget: async () => ({ id: '', windowClass: [] }),
    async insert(text, _target, method) {
      try {
        if (method === 'copy') await run('wl-copy', [], text);
        else if (method === 'type') await run('wtype', ['--', text]);
        else {
          const previous = await run('wl-paste', ['--no-newline']).catch(() => null);
          const server = spawn('wl-copy', ['--paste-once', '--foreground'], {
            env,
            stdio: ['pipe', 'ignore', 'ignore'],
          });
          server.stdin.end(text);
          await run('wtype', ['-M', 'ctrl', '-k', 'v', '-m', 'ctrl']);
          if (!(await exited(server, readTimeout))) {
            server.kill();
            await run('wl-copy', [], text);
            return {
              ok: false,
              copied: true,
              message: 'The window did not take the paste; the text is on the clipboard.',
            };
          }
          if (previous !== null) await run('wl-copy', [], previous);
        }
        return { ok: true, method };
      } catch (error) {
        return { ok: false, copied: false, message: `Inserting failed (${(error as Error).message}).` };
      }
    },
  };
}

/** The inserter for this session: X11 (also XWayland apps), else Wayland; macOS and Windows via their shells. */
export function desktopInserter(options: InserterOptions = {}): TextInserter {
  const env = options.env ?? process.env;
  if (process.platform === 'linux') return env.DISPLAY ? x11Inserter(options) : waylandInserter(options);
  return scriptedInserter(process.platform === 'darwin' ? 'darwin' : 'win32', options);
}

/**
 * macOS (pbcopy + System Events, needs the Accessibility permission) and Windows (PowerShell SendKeys).
 * Neither tells when the target has read the clipboard, so the old text comes back after the read timeout.
 */
function scriptedInserter(platform: 'darwin' | 'win32', options: InserterOptions): TextInserter {
  const run = runner(options.env ?? process.env);
  const wait = options.clipboardReadTimeoutMs ?? DICTATION_DEFAULTS.clipboardReadTimeoutMs;
  const mac = platform === 'darwin';
  const ps = (script: string, input?: string) => run('powershell', ['-NoProfile', '-Command', script], input);
  const read = () => (mac ? run('pbpaste', []) : ps('Get-Clipboard -Raw'));
  const write = (text: string | Buffer) => (mac ? run('pbcopy', [], text) : ps('$input | Set-Clipboard', String(text)));
  const paste = () =>
    mac
      ? run('osascript', ['-e', 'tell application "System Events" to keystroke "v" using command down'])
      : ps("Add-Type -AssemblyName System.Windows.Forms; [System.Windows.Forms.SendKeys]::SendWait('^v')");
  return {
    name: platform,
    focusedTarget: async () => ({ id: '', windowClass: [] }),
    async insert(text, _target, method) {
      try {
        if (method === 'copy') await write(text);
        else {
          const previous = await read().catch(() => null);
          await write(text);
          await paste();
          await new Promise((r) => setTimeout(r, wait));
          if (previous !== null && previous.length > 0) await write(previous);
        }
        return { ok: true, method };
      } catch (error) {
        return { ok: false, copied: false, message: `Inserting failed (${(error as Error).message}).` };
      }
    },
  };
}
