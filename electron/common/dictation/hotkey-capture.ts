/**
 * The hotkey capture field's rules: a pressed chord (a browser KeyboardEvent's `code` and modifier
 * flags) as the hotkey text main's global hook understands (uiohook key names, as hotkeys.ts parses).
 * A key with modifiers is the chord at its key-down; a modifier pressed and let go alone is a chord
 * too ('CtrlRight', the default: it types nothing anywhere).
 *
 *   chordFromKeyDown({ code: 'Space', ctrlKey: true, altKey: true, shiftKey: false, metaKey: false }); // 'Ctrl+Alt+Space'
 *   loneModifier('ControlRight');                                                                       // 'CtrlRight'
 */

export interface PressedKey {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** Browser codes of the modifier keys → uiohook's names for each side. */
const MODIFIER_CODES: Record<string, string> = {
  ControlLeft: 'Ctrl',
  ControlRight: 'CtrlRight',
  AltLeft: 'Alt',
  AltRight: 'AltRight',
  ShiftLeft: 'Shift',
  ShiftRight: 'ShiftRight',
  MetaLeft: 'Meta',
  MetaRight: 'MetaRight',
};

/** Codes whose uiohook name is the code itself. */
const SAME_NAME = new Set([
  'Backspace',
  'Tab',
  'Enter',
  'CapsLock',
  'Space',
  'PageUp',
  'PageDown',
  'End',
  'Home',
  'ArrowLeft',
  'ArrowUp',
  'ArrowRight',
  'ArrowDown',
  'Insert',
  'Delete',
  'NumpadMultiply',
  'NumpadAdd',
  'NumpadSubtract',
  'NumpadDecimal',
  'NumpadDivide',
  'NumpadEnter',
  'Semicolon',
  'Equal',
  'Comma',
  'Minus',
  'Period',
  'Slash',
  'Backquote',
  'BracketLeft',
  'Backslash',
  'BracketRight',
  'Quote',
  'NumLock',
  'ScrollLock',
  'PrintScreen',
]);

export const isModifierCode = (code: string): boolean => code in MODIFIER_CODES;

/** The hook's name for a non-modifier key, or null for keys it cannot watch (and Esc, which cancels). */
export function keyName(code: string): string | null {
  if (SAME_NAME.has(code)) return code;
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1]!;
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return code.startsWith('Numpad') ? code : digit[1]!;
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code;
  return null;
}

/** The chord a key-down completes, or null (a modifier alone so far, or a key the hook cannot watch). */
export function chordFromKeyDown(key: PressedKey): string | null {
  if (isModifierCode(key.code)) return null;
  const name = keyName(key.code);
  if (name === null) return null;
  const modifiers = [
    key.ctrlKey ? 'Ctrl' : null,
    key.altKey ? 'Alt' : null,
    key.shiftKey ? 'Shift' : null,
    key.metaKey ? 'Meta' : null,
  ].filter((m) => m !== null);
  return [...modifiers, name].join('+');
}

/** A modifier pressed and released with no other key: the side-specific key on its own. */
export function loneModifier(code: string): string | null {
  return MODIFIER_CODES[code] ?? null;
}

/** A hotkey as people say it: 'CtrlRight' → 'Right Ctrl', 'Ctrl+AltRight+D' → 'Ctrl+Right Alt+D'. */
export const hotkeyLabel = (hotkey: string): string => hotkey.replace(/\b(Ctrl|Alt|Shift|Meta)Right\b/g, 'Right $1');
