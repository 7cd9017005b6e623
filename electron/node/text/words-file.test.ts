import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { DEFAULT_TEXT_SETTINGS, parseTextSettings } from '../../common/text-settings.ts';
import { formatTranscriptText } from './text-formatter.ts';
import { loadWordsFile, parseWordsFile, serialiseWordsFile } from './words-file.ts';

const FILE = [
  '# my words',
  'word\tKubernetes',
  'word\tNew York',
  '',
  'replace\tbtw\tby the way',
  'replace\tUM\t',
  'command\tfull point\tperiod',
  'command\tdash\tnone',
].join('\n');

test('a words file gives vocabulary, replacements and command phrases that the formatter uses', () => {
  const words = parseWordsFile(FILE);
  assert.deepEqual(words.vocabulary, ['Kubernetes', 'New York']);
  assert.deepEqual(words.replacements, [
    { find: 'btw', replace: 'by the way' },
    { find: 'UM', replace: '' },
  ]);
  assert.deepEqual(words.commandPhrases, { 'full point': 'period', dash: 'none' });
  const text = formatTranscriptText('BTW UM KUBERNETES RUNS IN NEW YORK DASH FAST FULL POINT', {
    ...DEFAULT_TEXT_SETTINGS,
    ...words,
  });
  assert.equal(text, 'By the way Kubernetes runs in New York dash fast.');
});

test('export then import gives the same words', () => {
  const words = parseWordsFile(FILE);
  assert.deepEqual(parseWordsFile(serialiseWordsFile(words)), words);
});

test('a malformed line is reported with its line number in one sentence', () => {
  const cases: Array<[string, RegExp]> = [
    ['word\tA\nreplace\tonly-one-field', /^Line 2 of mine\.tsv should be "replace", a TAB/],
    ['word', /^Line 1 of mine\.tsv should be "word", a TAB/],
    ['\n\nfoo\tbar', /^Line 3 of mine\.tsv starts with "foo"/],
    ['command\tbig stop\tfull-stop', /^Line 1 of mine\.tsv names an unknown command action "full-stop"\.$/],
    ['word Kubernetes', /^Line 1 of mine\.tsv starts with "word Kubernetes"/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseWordsFile(text, 'mine.tsv'),
      (e: unknown) => e instanceof VerbaError && message.test(e.message) && !e.message.includes('\n'),
      text,
    );
  }
});

test('loadWordsFile reads a real file and names it in errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-words-'));
  try {
    const path = join(dir, 'words.tsv');
    writeFileSync(path, '\uFEFFword\tVerba\r\nreplace\ta\r\n');
    assert.throws(() => loadWordsFile(path), /^VerbaError: Line 2 of words\.tsv/);
    writeFileSync(path, 'word\tVerba\r\n');
    assert.deepEqual(loadWordsFile(path).vocabulary, ['Verba']);
    assert.throws(() => loadWordsFile(join(dir, 'missing.tsv')), /Cannot read the words file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text settings from outside are validated with a clear sentence', () => {
  assert.deepEqual(parseTextSettings({}), { ...DEFAULT_TEXT_SETTINGS });
  const s = parseTextSettings({
    digits: true,
    commandPhrases: { ' Full  Point ': 'period' },
    vocabulary: [' GitHub '],
  });
  assert.equal(s.digits, true);
  assert.deepEqual(s.commandPhrases, { 'full point': 'period' });
  assert.deepEqual(s.vocabulary, ['GitHub']);
  assert.throws(() => parseTextSettings(null), /The text settings are invalid: expected an object\./);
  assert.throws(() => parseTextSettings({ casing: 'yes' }), /"casing" must be true or false/);
  assert.throws(() => parseTextSettings({ commandPhrases: { stop: 'halt' } }), /unknown command action "halt"/);
  assert.throws(() => parseTextSettings({ replacements: [{ find: ' ', replace: 'x' }] }), /empty "find"/);
});
