/**
 * The README's first command, exactly as written there, on a machine without the hub (a closed port)
 * and with an empty model cache: it must print a transcript of the shipped sample, with the demo model
 * announced once, within the word error bound the README states.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorRates } from '../node/testing/error-rate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPOKEN = 'PLEASE CALL ME WHEN YOU ARE READY WE CAN START THE MEETING AT TEN';
const MAX_WER = 0.4; // README: "at most 40 % of the words wrong"; measured 36 % (5 of 14)

test("the README's first command transcribes the shipped sample offline with the demo model", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const command = /^npm ci && (npx verba transcribe [^\n#]+?)\s+#/m.exec(readme)?.[1];
  assert.ok(command !== undefined, 'the README starts with `npm ci && npx verba transcribe …`');
  assert.match(readme, /at most 40 % of the words wrong/);
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const { port } = closed.address() as { port: number };
  await new Promise<void>((r) => closed.close(() => r()));
  const cache = mkdtempSync(join(tmpdir(), 'verba-readme-'));
  try {
    const r = spawnSync('sh', ['-c', command], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, VERBA_CACHE_DIR: cache, HF_ENDPOINT: `http://127.0.0.1:${port}` },
    });
    assert.equal(r.status, 0, r.stderr);
    const { wer } = errorRates(SPOKEN, r.stdout);
    assert.ok(wer <= MAX_WER, `WER ${wer}: ${r.stdout}`);
    assert.match(r.stdout, /^[A-Z].*\. [A-Z].*\.\n$/, 'two written sentences');
    const notices = r.stderr.split('\n').filter((l) => /demo model/.test(l));
    assert.equal(notices.length, 1, r.stderr);
    assert.match(notices[0]!, /only understands synthetic .*download .*--model <dir>/);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
