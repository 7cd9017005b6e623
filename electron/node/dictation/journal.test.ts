import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DictationJournal, readJournal, unfinishedDictations } from './journal.ts';

describe('DictationJournal', () => {
  it('appends entries in order, user-only, readable after reopening; skips a torn last line', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'verba-journal-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'sub', 'dictations.jsonl');
    const journal = await DictationJournal.open(path);
    await Promise.all([
      journal.append({ id: 'a', text: 'First.' }),
      journal.append({ id: 'b', text: 'Second "quoted"\nline.' }),
    ]);
    await journal.close();
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const again = await DictationJournal.open(path);
    await again.append({ id: 'c', text: 'Third.', spool: '/tmp/x.wav' });
    await again.close();
    await appendFile(path, '{"id":"d","text":"torn'); // a crash mid-append
    const entries = await readJournal(path);
    assert.deepEqual(
      entries.map((e) => [e.id, e.text]),
      [
        ['a', 'First.'],
        ['b', 'Second "quoted"\nline.'],
        ['c', 'Third.'],
      ],
    );
    assert.match(entries[0]!.at ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(await readJournal(join(dir, 'missing.jsonl')), []);
  });

  it('says in one sentence when the journal cannot be opened', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'verba-journal-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await appendFile(join(dir, 'file'), '');
    await assert.rejects(
      DictationJournal.open(join(dir, 'file', 'dictations.jsonl')),
      /cannot open its dictation journal/,
    );
  });

  it('finds the dictations a crash interrupted', () => {
    const entries = [
      { id: 'a', kind: 'started' as const, text: '', spool: '/s/a.wav' },
      { id: 'a', kind: 'final' as const, text: 'Done.' },
      { id: 'b', kind: 'started' as const, text: '', spool: '/s/b.wav' },
      { id: 'c', kind: 'started' as const, text: '', spool: '/s/c.wav' },
      { id: 'c', kind: 'cancelled' as const, text: '' },
    ];
    assert.deepEqual(unfinishedDictations(entries), [{ id: 'b', spool: '/s/b.wav' }]);
  });
});
