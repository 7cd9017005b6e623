import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMAND_ACTIONS, DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import { TextFormatter, formatTranscriptText } from './text-formatter.ts';
import { DEFAULT_COMMAND_PHRASES } from './spoken-commands.ts';

const COMMANDS_MD = readFileSync(new URL('COMMANDS.md', import.meta.url), 'utf8');

test('COMMANDS.md lists every default spoken command and every action', () => {
  for (const [phrase] of DEFAULT_COMMAND_PHRASES)
    assert.ok(COMMANDS_MD.includes(`"${phrase}"`), `COMMANDS.md lacks "${phrase}"`);
  for (const action of COMMAND_ACTIONS)
    assert.ok(COMMANDS_MD.includes(`\`${action}\``), `COMMANDS.md lacks the action ${action}`);
});

test('every default phrase does something: it is not written as its own words', () => {
  for (const [phrase, action] of DEFAULT_COMMAND_PHRASES) {
    const spoken = `alpha ${phrase} beta`.toUpperCase();
    const written = formatTranscriptText(spoken);
    if (action === 'literal')
      assert.equal(written, `Alpha ${phrase} beta`); // "literal" before a non-command is a word
    else assert.ok(!written.toLowerCase().includes(phrase), `${phrase} → ${JSON.stringify(written)}`);
  }
});

test('commands can be added, renamed and switched off', () => {
  const settings = {
    ...DEFAULT_TEXT_SETTINGS,
    commandPhrases: { 'stop here': 'period' as const, comma: 'none' as const, 'next line': 'new-line' as const },
  };
  assert.equal(formatTranscriptText('HI COMMA THERE STOP HERE NEXT LINE BYE', settings), 'Hi comma there.\nBye');
  assert.equal(formatTranscriptText('HI COMMA THERE', DEFAULT_TEXT_SETTINGS), 'Hi, there');
});

test('spoken forms are matched as whole words, never inside other words', () => {
  assert.equal(formatTranscriptText('THE PERIODIC TABLE'), 'The periodic table');
  assert.equal(formatTranscriptText('A COMMAND LINE'), 'A command line');
  assert.equal(formatTranscriptText('NEWLINES AND DASHES'), 'Newlines and dashes');
});

test('"action item" writes nothing and marks the sentence it is said in, at its start, middle or end', async () => {
  const { writeWords } = await import('./transcript-text.ts');
  const formatter = new TextFormatter(DEFAULT_TEXT_SETTINGS);
  const marked = (text: string) => {
    const words = text.split(' ').map((word, i) => ({ word, start: i * 0.5, end: i * 0.5 + 0.4, confidence: 0.9 }));
    const out = writeWords(words, formatter);
    return { text: out.text, marked: out.words.filter((w) => w.action_item).map((w) => w.word) };
  };
  assert.deepEqual(marked('HELLO PERIOD ACTION ITEM SEND THE SLIDES PERIOD THANKS PERIOD'), {
    text: 'Hello. Send the slides. Thanks.',
    marked: ['Send'],
  });
  assert.deepEqual(marked('HELLO PERIOD SEND THE SLIDES ACTION ITEM PERIOD THANKS'), {
    text: 'Hello. Send the slides. Thanks',
    marked: ['slides.'],
  });
  assert.deepEqual(marked('EMAIL THE TEAM COMMA ACTION ITEM TODAY PERIOD'), {
    text: 'Email the team, today.',
    marked: ['team,'],
  });
  assert.deepEqual(marked('NO ACTION HERE PERIOD LITERAL ACTION ITEM'), {
    text: 'No action here. Action item',
    marked: [],
  });
});
