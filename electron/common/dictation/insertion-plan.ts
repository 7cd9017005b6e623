/**
 * What exactly to insert, and with which keys: pure decisions shared by the CLI and Electron main.
 * A dictation that continues the previous one in the same window (soon after, mid-sentence) joins it
 * with a space and without the sentence capital the formatter gave its first word; terminals get
 * Ctrl+Shift+V because Ctrl+V means something else there.
 *
 *   const plan = planInsertion('The rest.', { text: 'I said', targetId: '0x1e', at: t0 }, { targetId: '0x1e', at: t1 });
 *   plan.text;                          // ' the rest.'
 *   pasteChord('linux', 'kitty');       // 'ctrl+shift+v'
 */
import { DICTATION_DEFAULTS } from '../defaults.ts';

export type InsertionMethod = 'paste' | 'type' | 'copy';

export interface PreviousInsertion {
  /** The text that went in (after planning). */
  text: string;
  /** The window it went into (X11 window id, or any stable id the platform gives). */
  targetId: string;
  /** When, in ms (any monotonic clock, the same as `at` below). */
  at: number;
}

export interface InsertionContext {
  targetId: string;
  at: number;
  /** The final text's first capital comes only from the sentence start (not a name, not "I"): may be lowered. */
  sentenceCapital?: boolean;
  continueWithinMs?: number;
}

export interface InsertionPlan {
  text: string;
  /** Joined to the previous dictation (for the window's "continued" hint and tests). */
  continues: boolean;
}

const SENTENCE_END = /[.!?…]["'”’)\]]*\s*$|\n\s*$/;
const OPENS = /[\s([{"'“‘/-]$/;
const STARTS_WITH_PUNCTUATION = /^[.,;:!?…)\]}'’”]/;
/** Words whose capital is not a sentence's: "I", "I'm", "I'll", … */
const ALWAYS_CAPITAL = /^I(?:'[a-z]+)?\b/;

export function planInsertion(
  text: string,
  previous: PreviousInsertion | null,
  context: InsertionContext,
): InsertionPlan {
  const within = context.continueWithinMs ?? DICTATION_DEFAULTS.continueWithinMs;
  const continues =
    previous !== null &&
    previous.targetId === context.targetId &&
    context.at - previous.at <= within &&
    previous.text.trim() !== '';
  if (!continues || text === '') return { text, continues: false };
  let out = text;
  const midSentence = !SENTENCE_END.test(previous.text);
  if (
    midSentence &&
    (context.sentenceCapital ?? true) &&
    /^[A-Z][a-z]/.test(out) &&
    !ALWAYS_CAPITAL.test(out) &&
    !/^[A-Z][a-z]*[A-Z]/.test(out) // "McDonald", "iPhone"-like words keep their case
  ) {
    out = out[0]!.toLowerCase() + out.slice(1);
  }
  if (!OPENS.test(previous.text) && !STARTS_WITH_PUNCTUATION.test(out) && !/^\s/.test(out)) out = ` ${out}`;
  return { text: out, continues: true };
}

/** WM_CLASS names (instance or class, lower case) of terminal emulators: they paste with Ctrl+Shift+V. */
const TERMINALS = new Set([
  'xterm',
  'uxterm',
  'gnome-terminal',
  'gnome-terminal-server',
  'org.gnome.console',
  'kgx',
  'org.gnome.ptyxis',
  'ptyxis',
  'konsole',
  'yakuake',
  'kitty',
  'alacritty',
  'org.wezfurlong.wezterm',
  'wezterm',
  'foot',
  'ghostty',
  'com.mitchellh.ghostty',
  'terminator',
  'tilix',
  'com.gexperts.tilix',
  'xfce4-terminal',
  'mate-terminal',
  'lxterminal',
  'qterminal',
  'terminology',
  'guake',
  'tilda',
  'urxvt',
  'rxvt',
  'st',
  'st-256color',
  'sakura',
  'termite',
  'cool-retro-term',
  'blackbox',
  'com.raggesilver.blackbox',
  'warp',
  'tabby',
  'hyper',
  'contour',
]);

/** True when any of the window's WM_CLASS names is a known terminal emulator. */
export function isTerminalClass(windowClass: string | readonly string[]): boolean {
  const names = typeof windowClass === 'string' ? [windowClass] : windowClass;
  return names.some((n) => TERMINALS.has(n.trim().toLowerCase()));
}

export type DesktopPlatform = 'linux' | 'darwin' | 'win32';

/** The paste keys for the target window, in xdotool's key syntax (other backends translate them). */
export function pasteChord(platform: DesktopPlatform, windowClass: string | readonly string[]): string {
  if (platform === 'darwin') return 'cmd+v';
  if (platform === 'linux' && isTerminalClass(windowClass)) return 'ctrl+shift+v';
  return 'ctrl+v';
}
