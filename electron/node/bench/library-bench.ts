/**
 * Transcript library benchmark (prints figures, asserts nothing): full-text search latency over 10,000
 * stored transcripts (targets: p95 < 20 ms), and the time to load a 2-hour transcript and build the
 * editor's word and paragraph model (target < 500 ms). Deterministic text (a seeded generator with a
 * Zipf-like word distribution), so runs compare.
 *
 *   npm run bench:library [-- --transcripts 10000 --queries 100]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { editorModel } from '../../common/transcript-edit.ts';
import { createLibraryService } from '../app/library-service.ts';
import { openDatabase, transaction } from '../storage/database.ts';
import { DATABASE_FILE } from '../storage/library-path.ts';
import { migrate } from '../storage/migrations.ts';
import { TranscriptLibrary } from '../storage/transcript-library.ts';
import { insertTranscript } from '../storage/transcripts.ts';
import { syntheticText } from './synthetic-text.ts';

const { values } = parseArgs({
  options: { transcripts: { type: 'string', default: '10000' }, queries: { type: 'string', default: '100' } },
});
const COUNT = Number(values.transcripts);
const QUERIES = Number(values.queries);
const line = (text: string) => process.stdout.write(`${text}\n`);

const { rand, vocab: VOCAB, word, transcript } = syntheticText(42);

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (x: number) => Number(x.toFixed(2));
const summary = (xs: number[]) => ({
  p50: ms(quantile(xs, 0.5)),
  p95: ms(quantile(xs, 0.95)),
  max: ms(Math.max(...xs)),
});

const root = await mkdtemp(join(tmpdir(), 'verba-library-bench-'));
try {
  const dir = join(root, 'library');
  // Bulk set-up in one transaction (the app commits one transcript at a time; that is not what is measured).
  const t0 = performance.now();
  const db = openDatabase(join(dir, DATABASE_FILE));
  migrate(db);
  let words = 0;
  transaction(db, () => {
    for (let i = 0; i < COUNT; i++) {
      // Mostly short dictations, some long file transcripts (~20 min).
      const n = rand() < 0.9 ? 20 + Math.floor(rand() * 150) : 1000 + Math.floor(rand() * 2000);
      words += n;
      insertTranscript(db, {
        transcript: transcript(n),
        kind: i % 10 === 0 ? 'file' : 'dictation',
        title: `${word()} ${word()}`,
        createdAt: Date.UTC(2025, 0, 1) + i * 3_600_000,
      });
    }
  });
  db.close();
  const setupSeconds = (performance.now() - t0) / 1000;
  const size = (await stat(join(dir, DATABASE_FILE))).size;

  const library = await TranscriptLibrary.open(dir);
  const service = createLibraryService(library);
  const kinds = {
    'common word': () => VOCAB[Math.floor(rand() * 10)]!,
    'mid word': () => VOCAB[50 + Math.floor(rand() * 500)]!,
    'rare word': () => VOCAB[5000 + Math.floor(rand() * 15000)]!,
    'two words': () => `${VOCAB[Math.floor(rand() * 200)]!} ${VOCAB[Math.floor(rand() * 2000)]!}`,
    'typing (2-letter prefix)': () => VOCAB[Math.floor(rand() * 20000)]!.slice(0, 2),
    'typing (5-letter prefix)': () => VOCAB.find((w, i) => i > rand() * 5000 && w.length > 6)!.slice(0, 5),
    'filtered (dictation, one month)': () => VOCAB[Math.floor(rand() * 300)]!,
  } as const;
  const times: Record<string, number[]> = {};
  const all: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    for (const [name, make] of Object.entries(kinds)) {
      const text = make();
      const filter = name.startsWith('filtered')
        ? { kind: 'dictation' as const, from: Date.UTC(2025, 3, 1), to: Date.UTC(2025, 4, 1) }
        : {};
      const s = performance.now();
      await service.search({ text, ...filter });
      const took = performance.now() - s;
      (times[name] ??= []).push(took);
      all.push(took);
    }
  }
  const listTimes: number[] = [];
  for (let q = 0; q < 50; q++) {
    const s = performance.now();
    await service.list({ offset: Math.floor(rand() * 1000) });
    listTimes.push(performance.now() - s);
  }

  // A 2-hour meeting: ~18,000 words (150 a minute).
  const long = transcript(18_000, 0.4);
  const id = await service.saveFile({ transcript: long, audioPath: '/meetings/all-hands.m4a' });
  library.close();
  const openTimes: number[] = [];
  let paragraphs = 0;
  for (let k = 0; k < 15; k++) {
    // A fresh connection each time, as when the app starts and the user opens the transcript first.
    const s = performance.now();
    const lib = await TranscriptLibrary.open(dir);
    const stored = await lib.get(id);
    const model = editorModel(stored.transcript);
    openTimes.push(performance.now() - s);
    paragraphs = model.paragraphs.length;
    lib.close();
  }
  const result = {
    transcripts: COUNT,
    words,
    setupSeconds: Number(setupSeconds.toFixed(1)),
    databaseMB: Number((size / 2 ** 20).toFixed(0)),
    searchMs: { all: summary(all), ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)])) },
    historyPageMs: summary(listTimes),
    open2hTranscriptMs: {
      ...summary(openTimes),
      words: 18_000,
      paragraphs,
      durationHours: Number((long.duration_s / 3600).toFixed(2)),
    },
  };
  line(JSON.stringify(result, null, 2));
  line(
    `search p95 ${result.searchMs.all.p95} ms (target < 20) · 2-hour transcript loaded and modelled p50 ${result.open2hTranscriptMs.p50} ms, p95 ${result.open2hTranscriptMs.p95} ms (target < 500)`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
