import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integrityCheck, openDatabase } from './database.ts';
import { DATABASE_FILE } from './library-path.ts';
import { TranscriptLibrary } from './transcript-library.ts';

const WRITER = fileURLToPath(new URL('../testing/library-writer.ts', import.meta.url));
const RUNS = 20;

interface Writer {
  /** Lets it write for `ms` after it has opened the library, SIGKILLs it, and gives the (id, n) pairs it reported. */
  run(ms: number): Promise<Array<[number, number]>>;
}

/** Starts a writer that waits (modules loaded) until run() is called. */
function startWriter(dir: string, spools: string, first: number): Writer {
  const child = spawn(process.execPath, [WRITER, dir, spools, String(first)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let killAfter = -1;
  const exited = new Promise<Array<[number, number]>>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the writer exited on its own: ${err}`));
      // The first two lines are 'loaded' and 'ready'; a line cut by the kill was not reported.
      const lines = out.split('\n').slice(2, -1);
      resolve(lines.map((l) => l.split(' ').map(Number) as [number, number]));
    });
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const wasReady = out.includes('ready');
    out += d.toString();
    if (!wasReady && out.includes('ready')) setTimeout(() => child.kill('SIGKILL'), killAfter);
  });
  return {
    run(ms) {
      killAfter = ms;
      child.stdin.write('go\n');
      return exited;
    },
  };
}

test(`a writer SIGKILLed ${RUNS} times: the file opens cleanly and every reported transcript is there with its audio`, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'verba-crash-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'library');
  const spools = join(root, 'spool');
  await mkdir(spools);
  const reported = new Map<number, number>();
  let killedMidWrite = 0;
  let next = startWriter(dir, spools, 0);
  for (let run = 0; run < RUNS; run++) {
    const pairs = await next.run(10 + ((run * 37) % 150));
    if (run < RUNS - 1) next = startWriter(dir, spools, (run + 1) * 100_000);
    for (const [id, n] of pairs) reported.set(id, n);
    const thisRun = new Map(pairs);

    const raw = openDatabase(join(dir, DATABASE_FILE));
    assert.equal(integrityCheck(raw), 'ok', `run ${run}`);
    raw.close();
    const library = await TranscriptLibrary.open(dir);
    try {
      // This run's reports each time; every earlier one once more at the end.
      for (const [id, n] of run === RUNS - 1 ? reported : thisRun) {
        const stored = await library.get(id);
        assert.match(stored.transcript.text, new RegExp(`^Transcript number ${n} `), `run ${run}, #${id}`);
        if (n % 2 === 0) assert.equal(await readFile(stored.audioPath!, 'utf8'), `audio ${n}`, `run ${run}, #${id}`);
      }
      // Written after the last report (the kill came mid-add): stored or not, never half-stored.
      const { total } = await library.list({ limit: 1 });
      if (total > reported.size) killedMidWrite++;
      assert.ok(total - reported.size <= RUNS, 'at most one unreported transcript per kill');
      assert.equal((await library.search({ text: 'second sentence' })).total, total);
    } finally {
      library.close();
    }
  }
  assert.ok(reported.size >= RUNS, `the writer stored ${reported.size} transcripts`);
  // Spools still in place are exactly the ones whose transcript was never committed.
  const library = await TranscriptLibrary.open(dir);
  t.after(() => library.close());
  for (const name of await readdir(spools)) {
    const n = Number(/spool-(\d+)\.wav/.exec(name)![1]);
    assert.equal(
      (await library.search({ text: `item${n} number` })).total,
      0,
      `${name} is left but its transcript was stored`,
    );
  }
  t.diagnostic(
    `${reported.size} transcripts reported; ${killedMidWrite} kills landed after a commit and before its report`,
  );
});
