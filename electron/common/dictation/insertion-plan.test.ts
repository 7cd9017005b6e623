import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTerminalClass, pasteChord, planInsertion } from './insertion-plan.ts';

const prev = (text: string, targetId = 'w1', at = 0) => ({ text, targetId, at });
const here = (at = 1000, targetId = 'w1') => ({ targetId, at });

describe('planInsertion', () => {
  it('a first dictation goes in as it is', () => {
    assert.deepEqual(planInsertion('Hello world.', null, here()), { text: 'Hello world.', continues: false });
  });

  it('continues a sentence: a space, and the sentence capital lowered', () => {
    assert.deepEqual(planInsertion('The rest of it.', prev('I said'), here()), {
      text: ' the rest of it.',
      continues: true,
    });
  });

  it('after a finished sentence: a space, the capital kept', () => {
    assert.equal(planInsertion('Next one.', prev('First one.'), here()).text, ' Next one.');
    assert.equal(planInsertion('Next one.', prev('Really?'), here()).text, ' Next one.');
    assert.equal(planInsertion('Next.', prev('Line\n'), here()).text, 'Next.', 'a new line needs no space');
  });

  it('keeps capitals that are not the sentence’s', () => {
    assert.equal(planInsertion("I'm here.", prev('and then'), here()).text, " I'm here.");
    assert.equal(planInsertion('I think so.', prev('and'), here()).text, ' I think so.');
    assert.equal(planInsertion('McDonald said.', prev('and'), here()).text, ' McDonald said.');
    assert.equal(planInsertion('Paris', prev('to'), { ...here(), sentenceCapital: false }).text, ' Paris');
  });

  it('no space before punctuation or after an opening bracket, quote or space', () => {
    assert.equal(planInsertion(', then more', prev('first'), here()).text, ', then more');
    assert.equal(planInsertion('Quoted', prev('he said "'), here()).text, 'quoted');
    assert.equal(planInsertion('Word', prev('(see'), here()).text, ' word');
    assert.equal(planInsertion('Word', prev('see ('), here()).text, 'word');
    assert.equal(planInsertion('Word', prev('trailing '), here()).text, 'word');
  });

  it('another window, or too long ago: no continuation', () => {
    assert.equal(planInsertion('The end.', prev('I said', 'w2'), here()).continues, false);
    assert.equal(planInsertion('The end.', prev('I said', 'w1', 0), here(10 * 60_000)).text, 'The end.');
    assert.equal(
      planInsertion('The end.', prev('I said', 'w1', 0), { ...here(5000), continueWithinMs: 1000 }).continues,
      false,
    );
  });
});

describe('paste keys', () => {
  it('terminal emulators, by any of their WM_CLASS names, get Ctrl+Shift+V on Linux', () => {
    assert.equal(isTerminalClass(['xterm', 'XTerm']), true);
    assert.equal(isTerminalClass('Gnome-terminal-server'), true);
    assert.equal(isTerminalClass(['kitty', 'kitty']), true);
    assert.equal(isTerminalClass(['Navigator', 'firefox']), false);
    assert.equal(pasteChord('linux', ['xterm', 'XTerm']), 'ctrl+shift+v');
    assert.equal(pasteChord('linux', ['chromium', 'Chromium']), 'ctrl+v');
    assert.equal(pasteChord('win32', 'WindowsTerminal'), 'ctrl+v');
    assert.equal(pasteChord('darwin', 'Terminal'), 'cmd+v');
  });
});
