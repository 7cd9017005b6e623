import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseArpaText } from './arpa-lm.ts';
import { SpellingTrie } from './spelling-trie.ts';
import type { Vocabulary } from './types.ts';

const TINY = readFileSync(new URL('testdata/tiny.arpa', import.meta.url), 'utf8');
const vocab: Vocabulary = {
  tokens: ['<pad>', '|', 'A', 'C', 'E', 'H', 'M', 'N', 'O', 'S', 'T'],
  blankId: 0,
  wordDelimiter: '|',
};
const spell = (trie: SpellingTrie, word: string) =>
  [...word].reduce((node, ch) => (node < 0 ? node : trie.next(node, vocab.tokens.indexOf(ch))), 0);

test('the LM words are spelled in the model tokens; prefixes are nodes, other spellings are -1', () => {
  for (const text of [TINY, TINY.toLowerCase()]) {
    const lm = parseArpaText(text, 'tiny.arpa');
    const trie = SpellingTrie.fromLm(lm, vocab);
    const id = (w: string) => lm.wordId(text === TINY ? w : w.toLowerCase());
    for (const w of ['THE', 'CAT', 'HAT', 'SAT', 'ON', 'MAT']) assert.equal(trie.wordId(spell(trie, w)), id(w), w);
    assert.ok(spell(trie, 'TH') > 0);
    assert.equal(trie.wordId(spell(trie, 'TH')), -1); // a prefix, not a word
    assert.equal(spell(trie, 'TO'), -1);
    assert.equal(spell(trie, 'CATS'), -1);
    assert.equal(trie.wordId(-1), -1);
  }
});
