/**
 * Global hotkey press/release from uiohook-napi (X11, Windows, macOS), usable from plain Node (`verba
 * dictate`) and from Electron main alike. A hotkey is a chord: modifiers plus one key ("Ctrl+Alt+Space");
 * it is released when its key or any of its modifiers goes up. Auto-repeat presses are passed on as
 * presses: the push-to-talk machine knows what they are.
 *
 *   const keys = await Hotkeys.start('Ctrl+Alt+Space');
 *   keys.on('press', (at) => …); keys.on('release', (at) => …); keys.on('escape', (at) => …);
 *   await keys.modifiersReleased(2000);   // before a synthetic Ctrl+V
 *   keys.stop();
 *
 * Native Wayland never shows global key events to clients: use `verba ctl` from a compositor binding.
 */
import { EventEmitter } from 'node:events';
import { VerbaError } from '../../common/result.ts';

export type Modifier = 'ctrl' | 'alt' | 'shift' | 'meta';

export interface Chord {
  /** uiohook keycode of the main key. */
  key: number;
  modifiers: ReadonlySet<Modifier>;
  /** As written by the user, normalised ("Ctrl+Alt+Space"). */
  label: string;
}

/** The parts of uiohook-napi this module uses (a real hook in the app and the tests). */
export interface KeyHook {
  on(event: 'keydown' | 'keyup', listener: (e: { keycode: number }) => void): unknown;
  removeAllListeners(event?: string): unknown;
  start(): void;
  stop(): void;
}

type KeyTable = Readonly<Record<string, number>>;

const MODIFIER_NAMES: Record<string, Modifier> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  alt: 'alt',
  option: 'alt',
  shift: 'shift',
  meta: 'meta',
  super: 'meta',
  win: 'meta',
  cmd: 'meta',
  command: 'meta',
};
const MODIFIER_LABEL: Record<Modifier, string> = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', meta: 'Meta' };

/** Both sides of each modifier, by uiohook key name. */
const MODIFIER_KEYS: Record<Modifier, readonly string[]> = {
  ctrl: ['Ctrl', 'CtrlRight'],
  alt: ['Alt', 'AltRight'],
  shift: ['Shift', 'ShiftRight'],
  meta: ['Meta', 'MetaRight'],
};

/** Parses "Ctrl+Alt+Space", "super+f9", "RightCtrl" (a lone modifier key is a valid hotkey too). */
export function parseChord(text: string, keys: KeyTable): Chord {
  const parts = text
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = (why: string) =>
    new VerbaError('BadHotkey', `The hotkey "${text}" ${why} (write it like Ctrl+Alt+Space or F9).`);
  if (parts.length === 0) throw bad('is empty');
  const modifiers = new Set<Modifier>();
  const last = parts[parts.length - 1]!;
  for (const part of parts.slice(0, -1)) {
    const m = MODIFIER_NAMES[part.toLowerCase()];
    if (m === undefined) throw bad(`has "${part}" where a modifier (Ctrl, Alt, Shift, Meta) belongs`);
    modifiers.add(m);
  }
  const byLower = new Map(Object.keys(keys).map((k) => [k.toLowerCase(), k]));
  const aliases: Record<string, string> = {
    rightctrl: 'CtrlRight',
    rightalt: 'AltRight',
    altgr: 'AltRight',
    esc: 'Escape',
  };
  const name =
    aliases[last.toLowerCase()] ??
    byLower.get(last.toLowerCase()) ??
    (MODIFIER_NAMES[last.toLowerCase()] ? MODIFIER_KEYS[MODIFIER_NAMES[last.toLowerCase()]!][0] : undefined);
  if (name === undefined || keys[name] === undefined) throw bad(`names no key Verba knows ("${last}")`);
  if (name === 'Escape') throw bad('uses Esc, which cancels a dictation');
  const label = [
    ...(['ctrl', 'alt', 'shift', 'meta'] as const).filter((m) => modifiers.has(m)).map((m) => MODIFIER_LABEL[m]),
    name,
  ].join('+');
  return { key: keys[name]!, modifiers, label };
}

type HotkeyEvents = { press: [number]; release: [number]; escape: [number] };

export class Hotkeys extends EventEmitter<HotkeyEvents> {
  readonly chord: Chord;
  readonly #hook: KeyHook;
  readonly #modifierOf = new Map<number, Modifier>();
  readonly #escape: number;
  readonly #held = new Set<number>();
  #active = false;
  #waiters: Array<() => void> = [];

  private constructor(chord: Chord, hook: KeyHook, keys: KeyTable) {
    super();
    this.chord = chord;
    this.#hook = hook;
    this.#escape = keys['Escape']!;
    for (const [m, names] of Object.entries(MODIFIER_KEYS))
      for (const n of names) this.#modifierOf.set(keys[n]!, m as Modifier);
  }

  /** Starts the global hook (uiohook-napi unless one is given). Throws one sentence when it cannot run. */
  static async start(hotkey: string, options: { hook?: KeyHook; keys?: KeyTable } = {}): Promise<Hotkeys> {
    let hook = options.hook;
    let keys = options.keys;
    if (hook === undefined || keys === undefined) {
      // libuiohook opens the X display as it loads and cannot recover from a missing one.
      if (process.platform === 'linux' && !process.env.DISPLAY)
        throw new VerbaError(
          'HotkeysUnavailable',
          process.env.WAYLAND_DISPLAY
            ? 'Global hotkeys need X11 (or XWayland); on Wayland bind `verba ctl start` and `verba ctl stop` in your compositor instead.'
            : 'Global hotkeys need a graphical session (DISPLAY is not set); use `verba ctl start|stop` instead.',
        );
      const mod = await import('uiohook-napi');
      hook ??= mod.uIOhook;
      keys ??= mod.UiohookKey as unknown as KeyTable;
    }
    const hotkeys = new Hotkeys(parseChord(hotkey, keys), hook, keys);
    hook.on('keydown', (e) => hotkeys.#down(e.keycode));
    hook.on('keyup', (e) => hotkeys.#up(e.keycode));
    try {
      hook.start();
    } catch (error) {
      hook.removeAllListeners();
      throw new VerbaError(
        'HotkeysUnavailable',
        `Verba cannot see global keys here (${error instanceof Error ? error.message : String(error)}); on Wayland bind \`verba ctl start\` / \`verba ctl stop\` in your compositor instead.`,
      );
    }
    return hotkeys;
  }

  #modifiersHeld(): Set<Modifier> {
    const held = new Set<Modifier>();
    for (const code of this.#held) {
      const m = this.#modifierOf.get(code);
      if (m !== undefined) held.add(m);
    }
    return held;
  }

  #down(code: number): void {
    const now = performance.now();
    this.#held.add(code);
    if (code === this.#escape) {
      this.emit('escape', now);
      return;
    }
    if (code !== this.chord.key) return;
    const held = this.#modifiersHeld();
    for (const m of this.chord.modifiers) if (!held.has(m)) return;
    this.#active = true;
    this.emit('press', now); // repeats included
  }

  #up(code: number): void {
    const now = performance.now();
    this.#held.delete(code);
    const m = this.#modifierOf.get(code);
    if (this.#active && (code === this.chord.key || (m !== undefined && this.chord.modifiers.has(m)))) {
      this.#active = false;
      this.emit('release', now);
    }
    if (this.#modifiersHeld().size === 0) for (const wake of this.#waiters.splice(0)) wake();
  }

  /** True while any Ctrl/Alt/Shift/Meta is physically down (as far as the hook has seen). */
  get modifiersDown(): boolean {
    return this.#modifiersHeld().size > 0;
  }

  /** Resolves true once no modifier is held, or false after timeoutMs (insert anyway, modifiers cleared). */
  modifiersReleased(timeoutMs: number): Promise<boolean> {
    if (!this.modifiersDown) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.#waiters.push(wake);
    });
  }

  stop(): void {
    this.#hook.removeAllListeners('keydown');
    this.#hook.removeAllListeners('keyup');
    for (const wake of this.#waiters.splice(0)) wake();
    this.#hook.stop();
  }
}
