import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import type { TextSettings } from '../../common/text-settings.ts';
import { formatTranscriptText } from './text-formatter.ts';

const base: TextSettings = { ...DEFAULT_TEXT_SETTINGS };
const digits: TextSettings = { ...base, digits: true };
const words: TextSettings = {
  ...base,
  vocabulary: ['Kubernetes', 'GitHub', 'iPhone', 'New York', 'Verba'],
  replacements: [
    { find: 'btw', replace: 'by the way' },
    { find: 'my email', replace: 'ada@example.com' },
    { find: 'um', replace: '' },
    { find: 'smiley face', replace: ':-)' },
  ],
};
const custom: TextSettings = { ...base, commandPhrases: { 'full point': 'period', dash: 'none' } };
const off = (part: 'commands' | 'casing'): TextSettings => ({ ...base, [part]: false });

/** [spoken (recogniser output), written, settings]: what a person dictating expects to see. */
const CASES: Array<[string, string, TextSettings?]> = [
  // Punctuation commands and spacing
  ['HELLO WORLD PERIOD NEW LINE HOW ARE YOU QUESTION MARK', 'Hello world.\nHow are you?'],
  ['HELLO WORLD FULL STOP', 'Hello world.'],
  ['YES COMMA PLEASE', 'Yes, please'],
  ['WATCH OUT EXCLAMATION MARK', 'Watch out!'],
  ['WOW EXCLAMATION POINT', 'Wow!'],
  ['DEAR SIR COLON', 'Dear sir:'],
  ['FIRST THIS SEMICOLON THEN THAT', 'First this; then that'],
  ['FIRST THIS SEMI COLON THEN THAT', 'First this; then that'],
  ['ONE NEWLINE TWO', 'One\nTwo'],
  ['END OF PART ONE PERIOD NEW PARAGRAPH PART TWO', 'End of part one.\n\nPart two'],
  ['SHE SAID OPEN QUOTE HELLO CLOSE QUOTE', 'She said "Hello"'],
  ['HE SAID BEGIN QUOTE NO END QUOTE AND LEFT', 'He said "No" and left'],
  ['SHE SAID OPEN QUOTE GO AWAY PERIOD CLOSE QUOTE THEN SHE LEFT PERIOD', 'She said "Go away." Then she left.'],
  ['I WAS UNQUOTE LUCKY', 'I was" lucky'],
  ['THE PLAN OPEN PAREN DRAFT CLOSE PAREN IS READY', 'The plan (draft) is ready'],
  ['SEE OPEN PARENTHESIS PAGE TWO CLOSE PARENTHESIS', 'See (page two)'],
  ['WAIT DASH WHAT', 'Wait—what'],
  ['A WELL HYPHEN KNOWN FACT', 'A well-known fact'],
  ['HELLO PERIOD PERIOD', 'Hello..'],
  ['PERIOD HELLO', '. Hello'],
  ['QUESTION MARK', '?'],
  ['IS IT QUESTION MARK YES PERIOD', 'Is it? Yes.'],
  ['A COMMA B COMMA AND C PERIOD', 'A, b, and c.'],
  ['NEW LINE NEW LINE HELLO', '\n\nHello'],
  ['ONE NEW LINE NEW LINE TWO', 'One\n\nTwo'],
  ['LIST COLON NEW LINE MILK NEW LINE EGGS', 'List:\nMilk\nEggs'],
  // Casing, "I", contractions
  ["I DON'T KNOW", "I don't know"],
  ["I'M HERE AND I'LL STAY BECAUSE I'VE GOT TIME", "I'm here and I'll stay because I've got time"],
  ['YOU SAID I WAS RIGHT', 'You said I was right'],
  ['IM SURE YOU DONT MIND', "I'm sure you don't mind"],
  ['IT ISNT WHAT THEYRE SAYING', "It isn't what they're saying"],
  ['SEE YOU ON MONDAY IN JANUARY', 'See you on Monday in January'],
  ['WE MAY MARCH IN MAY', 'We may march in may'],
  ["IT'S FINE PERIOD IT'S GOOD", "It's fine. It's good"],
  // Caps and spacing commands
  ['ALL CAPS NASA LAUNCHED', 'NASA launched'],
  ['I READ CAPS ON THE GREAT GATSBY CAPS OFF TWICE', 'I read The Great Gatsby twice'],
  ['NO CAPS HELLO THERE', 'hello there'],
  ['E NO SPACE MAIL ME', 'Email me'],
  ['SEND AN E NO SPACE MAIL PERIOD', 'Send an email.'],
  // Scratch that and literal
  ['I LIKE CATS PERIOD I LIKE DOGS SCRATCH THAT I LOVE BIRDS PERIOD', 'I like cats. I love birds.'],
  ['HELLO WORLD PERIOD SCRATCH THAT GOODBYE PERIOD', 'Goodbye.'],
  ['SCRATCH THAT HELLO', 'Hello'],
  ['FIRST PART COMMA SECOND PART SCRATCH THAT THIRD PART', 'First part, third part'],
  ['ONE PERIOD TWO PERIOD SCRATCH THAT SCRATCH THAT THREE', 'Three'],
  ['WRITE THE WORD LITERAL PERIOD PLEASE', 'Write the word period please'],
  ['LITERAL COMMA IS A WORD', 'Comma is a word'],
  ['A LITERAL TRANSLATION', 'A literal translation'],
  ['LITERAL NEW LINE CHARACTER', 'New line character'],
  ['SAY LITERAL SCRATCH THAT', 'Say scratch that'],
  // Turning parts off, configured phrases
  ['HELLO COMMA WORLD PERIOD', 'Hello comma world period', off('commands')],
  ['HELLO COMMA I AM HERE PERIOD', 'hello, i am here.', off('casing')],
  ['THE END FULL POINT', 'The end.', custom],
  ['A DASH OF SALT', 'A dash of salt', custom],
  // User words and replacements
  ['I DEPLOYED IT ON KUBERNETES', 'I deployed it on Kubernetes', words],
  ['GITHUB IS DOWN', 'GitHub is down', words],
  ['IPHONE SALES ROSE', 'iPhone sales rose', words],
  ['SHE MOVED TO NEW YORK PERIOD', 'She moved to New York.', words],
  ['BTW THE BUILD PASSED', 'By the way the build passed', words],
  ['SEND IT TO MY EMAIL PERIOD', 'Send it to ada@example.com.', words],
  ['UM I THINK UM SO', 'I think so', words],
  ['THANKS SMILEY FACE', 'Thanks :-)', words],
  ['THE VERBA APP', 'The Verba app', words],
  ['MY EMAILS ARE FULL', 'My emails are full', words],
  // Numbers as digits
  ['I HAVE TWO CATS', 'I have two cats', digits],
  ['I HAVE TWELVE CATS', 'I have 12 cats', digits],
  ['TWENTY FIVE PEOPLE CAME', '25 people came', digits],
  ['ONE HUNDRED AND FIVE', '105', digits],
  ['THREE THOUSAND FOUR HUNDRED', '3400', digits],
  ['TWENTY FIVE THOUSAND', '25,000', digits],
  ['ONE HUNDRED TWENTY THREE THOUSAND FOUR HUNDRED FIFTY SIX', '123,456', digits],
  ['TWO MILLION', '2 million', digits],
  ['A HUNDRED PEOPLE', '100 people', digits],
  ['A THOUSAND AND ONE NIGHTS', '1001 nights', digits],
  ['ZERO', 'Zero', digits],
  ['THE TWENTY FIRST CENTURY', 'The 21st century', digits],
  ['THE FIRST DAY', 'The first day', digits],
  ['ON THE TWELFTH', 'On the 12th', digits],
  ['THE ONE HUNDREDTH TIME', 'The 100th time', digits],
  ['THE FORTY SECOND STREET', 'The 42nd street', digits],
  ['THE TWENTY THIRD', 'The 23rd', digits],
  ['THE ELEVENTH HOUR', 'The 11th hour', digits],
  ['IN NINETEEN EIGHTY FOUR', 'In 1984', digits],
  ['IN TWENTY TWENTY FOUR', 'In 2024', digits],
  ['IN TWO THOUSAND AND FIVE', 'In 2005', digits],
  ['IN NINETEEN OH FIVE', 'In 1905', digits],
  ['IN EIGHTEEN HUNDRED', 'In 1800', digits],
  ['AT THREE THIRTY P M', 'At 3:30 p.m.', digits],
  ['AT SEVEN A M', 'At 7 a.m.', digits],
  ['AT NINE OH FIVE AM', 'At 9:05 a.m.', digits],
  ["AT TEN O'CLOCK", "At 10 o'clock", digits],
  ['AT ELEVEN FORTY FIVE PM', 'At 11:45 p.m.', digits],
  ['THE DEMO IS AT THREE THIRTY PM PERIOD SEE YOU THERE', 'The demo is at 3:30 p.m. See you there', digits],
  ['WE MET AT TEN AM QUESTION MARK', 'We met at 10 a.m.?', digits],
  ['MEET ME ON MAY FIFTH', 'Meet me on May fifth'],
  ['THE PARTY IS ON MARCH THIRD', 'The party is on March third'],
  ['YOU MAY GO NOW', 'You may go now'],
  ['TWENTY CAPS ON FIVE', '20 Five', digits],
  ['WE MARCH ON', 'We march on'],
  ['SEE YOU AT TEN THIRTY', 'See you at 10:30', digits],
  ['OPEN UNTIL NINE OH FIVE', 'Open until 9:05', digits],
  ['PAGE ONE TWENTY', 'Page one 20', digits],
  ['AT TEN TWENTY DOLLARS EACH', 'At 10 $20 each', digits],
  ['FIFTY PERCENT', '50%', digits],
  ['FIVE PERCENT OF IT', '5% of it', digits],
  ['THREE POINT FIVE PER CENT', '3.5%', digits],
  ['IT COSTS FIVE DOLLARS', 'It costs $5', digits],
  ['TWENTY DOLLARS AND FIFTY CENTS', '$20.50', digits],
  ['TEN EUROS', '€10', digits],
  ['TWO POINT FIVE MILLION DOLLARS', '$2.5 million', digits],
  ['PI IS THREE POINT ONE FOUR', 'Pi is 3.14', digits],
  ['MINUS FIVE DEGREES', '-5 degrees', digits],
  ['FIFTY CENTS', '50 cents', digits],
  ['TWENTY FIVE COMMA THIRTY', '25, 30', digits],
  ['CHAPTER TWENTY FIVE PERIOD', 'Chapter 25.', digits],
  ['ONE OF THEM', 'One of them', digits],
  ['TWENTY FIVE', 'Twenty five'],
];

test(`${CASES.length} spoken → written cases`, () => {
  assert.ok(CASES.length >= 60);
  const failures: string[] = [];
  for (const [spoken, written, settings] of CASES) {
    const got = formatTranscriptText(spoken, settings ?? base);
    if (got !== written)
      failures.push(`${spoken}\n   expected ${JSON.stringify(written)}\n   got      ${JSON.stringify(got)}`);
  }
  assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
});

test('empty and blank input give empty text', () => {
  assert.equal(formatTranscriptText(''), '');
  assert.equal(formatTranscriptText('  \n '), '');
  assert.equal(formatTranscriptText('PERIOD SCRATCH THAT'), '');
});

test('property: any mix of words, commands and numbers gives well-spaced text', () => {
  const pool = [
    'HELLO',
    'I',
    "DON'T",
    'NEW',
    'LINE',
    'PARAGRAPH',
    'PERIOD',
    'COMMA',
    'QUESTION',
    'MARK',
    'OPEN',
    'CLOSE',
    'QUOTE',
    'PAREN',
    'SCRATCH',
    'THAT',
    'LITERAL',
    'ALL',
    'CAPS',
    'ON',
    'OFF',
    'NO',
    'SPACE',
    'TWENTY',
    'FIVE',
    'HUNDRED',
    'AND',
    'POINT',
    'PERCENT',
    'DOLLARS',
    'CENTS',
    'FIRST',
    'NINETEEN',
    'OH',
    'A',
    'M',
    'DASH',
    'HYPHEN',
    'COLON',
    'BTW',
    'GITHUB',
  ];
  const all = { ...words, digits: true };
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 30 }), (spoken) => {
      const text = formatTranscriptText(spoken.join(' '), all);
      assert.doesNotMatch(text, / {2}| [.,;:!?)]| \n|\n |^ | $/, JSON.stringify(text));
    }),
    { numRuns: 500 },
  );
});
