import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chordFromKeyDown, hotkeyLabel, keyName, loneModifier } from './hotkey-capture.ts';

const key = (code: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {}) => ({
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

test('a pressed chord becomes the hotkey text the global hook parses', () => {
  assert.equal(chordFromKeyDown(key('Space', { ctrlKey: true, altKey: true })), 'Ctrl+Alt+Space');
  assert.equal(chordFromKeyDown(key('KeyD', { metaKey: true, shiftKey: true })), 'Shift+Meta+D');
  assert.equal(chordFromKeyDown(key('F9')), 'F9');
  assert.equal(chordFromKeyDown(key('Digit5', { ctrlKey: true })), 'Ctrl+5');
  assert.equal(chordFromKeyDown(key('Numpad5')), 'Numpad5');
});

test('modifiers alone wait for release; Esc and keys the hook cannot watch are no chord', () => {
  assert.equal(chordFromKeyDown(key('ControlRight', { ctrlKey: true })), null);
  assert.equal(loneModifier('ControlRight'), 'CtrlRight');
  assert.equal(loneModifier('AltLeft'), 'Alt');
  assert.equal(loneModifier('KeyA'), null);
  assert.equal(chordFromKeyDown(key('Escape')), null);
  assert.equal(keyName('MediaPlayPause'), null);
  assert.equal(keyName('F25'), null);
});

test('hotkeys read as people say them', () => {
  assert.equal(hotkeyLabel('CtrlRight'), 'Right Ctrl');
  assert.equal(hotkeyLabel('Ctrl+AltRight+D'), 'Ctrl+Right Alt+D');
  assert.equal(hotkeyLabel('F9'), 'F9');
});
