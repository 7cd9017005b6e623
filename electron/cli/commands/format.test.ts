import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERBA = fileURLToPath(new URL('../verba.ts', import.meta.url));
const verba = (args: string[], input: string) =>
  spawnSync(process.execPath, [VERBA, 'format', ...args], { input, encoding: 'utf8' });

test('verba format: stdin lines → written text on stdout', () => {
  const r = verba([], 'HELLO WORLD PERIOD NEW LINE HOW ARE YOU QUESTION MARK\nI PAID TWENTY DOLLARS\n');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'Hello world.\nHow are you?\nI paid twenty dollars\n');
});

test('verba format: --digits, --no-commands, --no-casing and a words file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-format-'));
  try {
    const words = join(dir, 'words.tsv');
    writeFileSync(words, 'word\tGitHub\nreplace\tbtw\tby the way\n');
    assert.equal(verba(['--digits'], 'I PAID TWENTY DOLLARS PERIOD\n').stdout, 'I paid $20.\n');
    assert.equal(verba(['--no-commands'], 'HELLO COMMA WORLD\n').stdout, 'Hello comma world\n');
    assert.equal(verba(['--no-casing'], 'HELLO COMMA I AM HERE\n').stdout, 'hello, i am here\n');
    assert.equal(verba(['--replacements', words], 'BTW GITHUB IS UP\n').stdout, 'By the way GitHub is up\n');
    assert.equal(
      verba(['--replacements', words, '--no-user-words'], 'BTW GITHUB IS UP\n').stdout,
      'Btw github is up\n',
    );
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ digits: true, commands: false }));
    assert.equal(verba(['--settings', settings, '--commands'], 'TWELVE COMMA\n').stdout, '12,\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('verba format: bad options and malformed files fail with one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verba-format-'));
  try {
    const words = join(dir, 'bad.tsv');
    writeFileSync(words, 'word\tOK\nreplace\tonly\n');
    const bad = verba(['--replacements', words], 'HI\n');
    assert.equal(bad.status, 1);
    assert.equal(bad.stdout, '');
    assert.equal(
      bad.stderr,
      'verba: Line 2 of bad.tsv should be "replace", a TAB, the spoken form, a TAB and the written form.\n',
    );
    const unknown = verba(['--bogus'], 'HI\n');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^verba: Unknown option '--bogus'\. Run `verba format --help` for the options\.\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
