import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mammoth from 'mammoth';
import { parseSync } from 'subtitle';
import { writeWavFile } from '../../node/audio/wav-file.ts';
import { markdownNotes } from '../../node/export/markdown.ts';
import { libraryDir } from '../../node/storage/library-path.ts';
import { TranscriptLibrary } from '../../node/storage/transcript-library.ts';
import { FIXTURES, convertedSewdFixture, readF32 } from '../../node/testing/fixtures.ts';
import { makeTranscript } from '../../node/testing/transcripts.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function verba(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'electron/cli/verba.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VERBA_DATA_DIR: dataDir, VERBA_CACHE_DIR: join(dataDir, 'cache') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit status as the README states it: 1 a failure, 2 a usage error (a bad value, a missing argument). */
function assertOneLineError(r: ReturnType<typeof verba>, pattern: RegExp, code: 1 | 2 = 1) {
  assert.equal(r.code, code, r.stderr);
  assert.match(r.stderr, /^verba: [^\n]+\n$/);
  assert.match(r.stderr, pattern);
}

async function seeded(t: { after: (fn: () => Promise<void>) => void }) {
  const data = await mkdtemp(join(tmpdir(), 'verba-cli-library-'));
  t.after(() => rm(data, { recursive: true, force: true }));
  const library = await TranscriptLibrary.open(libraryDir({ VERBA_DATA_DIR: data }));
  const standup = makeTranscript(['We reviewed the budget today.', 'Ada will send the slides.'], { actionItems: [1] });
  const a = await library.add({
    transcript: standup,
    kind: 'file',
    title: 'Standup',
    createdAt: Date.UTC(2026, 10, 2, 9),
  });
  const b = await library.add({
    transcript: makeTranscript(['Remember the milk.']),
    kind: 'dictation',
    createdAt: Date.UTC(2026, 10, 3, 9),
  });
  library.close();
  return { data, a, b, standup };
}

test('verba history lists newest first and searches with highlighted hits', async (t) => {
  const { data, a, b } = await seeded(t);
  const list = verba(data, 'history', '--json');
  assert.equal(list.code, 0, list.stderr);
  const rows = JSON.parse(list.stdout) as Array<{
    id: number;
    title: string;
    date: string;
    duration_s: number;
    snippet: string;
  }>;
  assert.deepEqual(
    rows.map((r) => r.id),
    [b, a],
  );
  assert.equal(rows[1]!.date, '2026-11-02T09:00:00.000Z');
  assert.equal(rows[1]!.snippet, 'We reviewed the budget today. Ada will send the slides.');

  const found = JSON.parse(verba(data, 'history', '--search', 'budg', '--json').stdout) as Array<{
    id: number;
    hits: string[];
  }>;
  assert.deepEqual(
    found.map((r) => [r.id, r.hits]),
    [[a, ['budget']]],
  );
  const text = verba(data, 'history', '--search', 'milk');
  assert.match(
    text.stdout,
    new RegExp(
      `^#${b}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  00:00:\\d\\d  Remember the milk\\.\\n    Remember the milk\\.\\n$`,
    ),
  );
  assert.equal(JSON.parse(verba(data, 'history', '--kind', 'dictation', '--json').stdout).length, 1);
  assertOneLineError(verba(data, 'history', '--kind', 'memo'), /--kind takes dictation or file/, 2);
});

test('verba export writes every format from the library and will not overwrite without --force', async (t) => {
  const { data, a, standup } = await seeded(t);
  const md = verba(data, 'export', String(a), '--format', 'md', '--participants', 'Ada, Lin');
  assert.equal(md.code, 0, md.stderr);
  assert.equal(
    md.stdout,
    markdownNotes(standup, { title: 'Standup', createdAt: Date.UTC(2026, 10, 2, 9), participants: ['Ada', 'Lin'] }),
  );
  assert.match(md.stdout, /## Action items\n\n- \[ \] Ada will send the slides\./);

  const srtPath = join(data, 'standup.srt');
  assert.equal(verba(data, 'export', String(a), '--format', 'srt', '--out', srtPath).code, 0);
  const cues = parseSync(await readFile(srtPath, 'utf8')).filter((n) => n.type === 'cue');
  assert.deepEqual(
    cues.map((c) => c.data.text),
    ['We reviewed the budget today.', 'Ada will send the slides.'],
  );

  const docx = join(data, 'standup.docx');
  assert.equal(verba(data, 'export', String(a), '--format', 'docx', '--out', docx).code, 0);
  const { value } = await mammoth.extractRawText({ path: docx });
  assert.match(value, /^Standup\n/);
  assert.match(value, /We reviewed the budget today\. Ada will send the slides\./);

  await writeFile(srtPath, 'my own file');
  assertOneLineError(
    verba(data, 'export', String(a), '--format', 'srt', '--out', srtPath),
    /already exists and was not replaced.*--force/,
  );
  assert.equal(await readFile(srtPath, 'utf8'), 'my own file');
  assert.equal(verba(data, 'export', String(a), '--format', 'srt', '--out', srtPath, '--force').code, 0);
  assert.match(await readFile(srtPath, 'utf8'), /^1\n00:00:00,500 --> /);

  assertOneLineError(verba(data, 'export', '999', '--format', 'md'), /There is no transcript #999/);
  assertOneLineError(
    verba(data, 'export', String(a), '--format', 'pdf'),
    /--format takes txt, md, srt, vtt, json, docx/,
    2,
  );
  assertOneLineError(verba(data, 'export', 'abc', '--format', 'md'), /one transcript id/, 2);
});

test('verba transcribe --save stores the transcript (with a reference to the file) in the same library; --format docx', async (t) => {
  const data = await mkdtemp(join(tmpdir(), 'verba-cli-save-'));
  t.after(() => rm(data, { recursive: true, force: true }));
  const model = await convertedSewdFixture();
  const audio = await readF32(join(FIXTURES, 'sewd-test-public/reference/case0_audio.f32'));
  const wav = join(data, 'standup.wav');
  await writeWavFile(wav, { samples: audio, sampleRate: 16_000 }, 'float32');
  const out = join(data, 'standup.docx');
  const r = verba(data, 'transcribe', wav, '--model', model, '--save', '--format', 'docx', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Saved standup\.wav to the library as #1/);
  const { value } = await mammoth.extractRawText({ path: out });
  assert.match(value, /^standup\n/);

  const library = await TranscriptLibrary.open(libraryDir({ VERBA_DATA_DIR: data }));
  t.after(() => library.close());
  const stored = await library.get(1);
  assert.equal(stored.kind, 'file');
  assert.equal(stored.title, 'standup');
  assert.equal(stored.audioPath, wav);
  assert.deepEqual(stored.decoder, { decoder: 'greedy' });
  assert.ok(stored.transcript.text.length > 0);
  assert.ok(value.includes(stored.transcript.text), 'the document holds the stored text');
});
