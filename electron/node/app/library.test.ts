import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext, SavePathRequest } from './context.ts';
import { dispatch } from '../../common/ipc-dispatch.ts';
import type { VerbaServices } from '../../common/ipc-contract.ts';
import { editWords, withWords } from '../../common/transcript-edit.ts';
import { TranscriptLibrary } from '../storage/transcript-library.ts';
import { makeTranscript } from '../testing/transcripts.ts';
import { createLibraryService } from './library-service.ts';
import { exportFileName, libraryServices } from './library.ts';

async function setup(t: import('node:test').TestContext, saveAnswers: (string | null)[] = []) {
  const root = await mkdtemp(join(tmpdir(), 'verba-library-slice-'));
  const storage = await TranscriptLibrary.open(join(root, 'library'));
  const service = createLibraryService(storage);
  t.after(async () => {
    storage.close();
    await rm(root, { recursive: true, force: true });
  });
  const asked: SavePathRequest[] = [];
  // Only what the slice uses: the shared library and the save dialog.
  const context = {
    library: async () => service,
    pickSavePath: async (request: SavePathRequest) => {
      asked.push(request);
      return saveAnswers.shift() ?? null;
    },
  } as unknown as AppContext;
  return { root, storage, service, slice: libraryServices(context), asked };
}

test('history is newest first with kind and date filters; search marks the matched words', async (t) => {
  const { root, service, slice } = await setup(t);
  const audio = join(root, 'standup.wav');
  await writeFile(audio, 'RIFF');
  const a = await service.saveFile({ transcript: makeTranscript(['Budget review on Monday.']), audioPath: audio });
  const spool = join(root, 'spool.wav');
  await writeFile(spool, 'RIFF');
  const b = await service.saveDictation({ transcript: makeTranscript(['Call the venue.']), spoolPath: spool });

  const all = await slice.listTranscripts({});
  assert.deepEqual(
    all.items.map((i) => i.id),
    [b, a],
  );
  assert.equal(all.total, 2);
  assert.deepEqual(
    (await slice.listTranscripts({ kind: 'file' })).items.map((i) => i.id),
    [a],
  );
  assert.equal((await slice.listTranscripts({ from: Date.now() + 60_000 })).total, 0);
  assert.equal((await slice.listTranscripts({ limit: 1, offset: 1 })).items[0]?.id, a);

  const hits = await slice.searchTranscripts({ text: 'budget' });
  assert.equal(hits.total, 1);
  assert.deepEqual(
    hits.items[0]!.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase()),
    ['budget'],
  );
});

test('open gives the editor words and paragraphs but no path; an edit keeps the timings of unchanged words', async (t) => {
  const { root, service, slice } = await setup(t);
  const spool = join(root, 'spool.wav');
  await writeFile(spool, 'RIFF');
  const id = await service.saveDictation({
    transcript: makeTranscript(['Send the slides.', 'Book the room.'], { pauseAfter: { 0: 3 } }),
    spoolPath: spool,
  });
  const { stored, model } = await slice.openTranscript(id);
  assert.equal(stored.hasAudio, true);
  assert.ok(!('audioPath' in stored), 'the page never sees a path');
  assert.equal(model.paragraphs.length, 2);

  const words = editWords(model.words, 'Send the new slides. Book the room.');
  const saved = await slice.updateTranscript({ id, title: 'Slides', transcript: withWords(stored.transcript, words) });
  assert.equal(saved.title, 'Slides');
  assert.equal(saved.transcript.text, 'Send the new slides. Book the room.');
  const after = (await slice.openTranscript(id)).model.words;
  const timings = (ws: typeof after) => ws.map((w) => [w.word, w.start, w.end]);
  assert.deepEqual(timings(after.filter((w) => w.word !== 'new')), timings(model.words));

  const audio = await slice.transcriptAudio(id);
  assert.deepEqual(audio, { url: `verba-audio://transcript/${id}`, mimeType: 'audio/wav' });
  await assert.rejects(slice.updateTranscript({ id }), /names a new title/);
});

test('delete and restore (undo); a deleted transcript plays no audio', async (t) => {
  const { root, service, slice } = await setup(t);
  const audio = join(root, 'talk.mp3');
  await writeFile(audio, 'ID3');
  const id = await service.saveFile({ transcript: makeTranscript(['Hello there.']), audioPath: audio });
  assert.equal((await slice.transcriptAudio(id))?.mimeType, 'audio/mpeg');
  assert.equal(await slice.deleteTranscript(id), true);
  assert.equal((await slice.listTranscripts({})).total, 0);
  assert.equal(await slice.transcriptAudio(id), null);
  assert.equal(await slice.restoreTranscript(id), true);
  assert.equal((await slice.listTranscripts({})).total, 1);
  await rm(audio);
  assert.equal(await slice.transcriptAudio(id), null, 'the file has gone');
  assert.equal((await slice.getTranscript(id)).hasAudio, false);
});

test('export asks where to save, offering the title as the name; a cancel writes nothing', async (t) => {
  const { service, slice, asked } = await setup(t, [null]);
  const id = await service.saveFile({ transcript: makeTranscript(['Ship it.']), audioPath: '/x/Weekly: sync?.wav' });
  assert.equal(await slice.exportTranscript({ id, format: 'md' }), null);
  assert.deepEqual(asked, [{ title: 'Export transcript', defaultName: 'Weekly sync.md', extensions: ['md'] }]);
});

test('export writes the chosen file, replacing one the user agreed to replace; md carries participants', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'verba-library-export-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const target = join(root, 'notes.md');
  await writeFile(target, 'old');
  const { service, slice } = await setup(t, [target]);
  const id = await service.saveFile({ transcript: makeTranscript(['Ship it on Friday.']), audioPath: '/x/a.wav' });
  assert.equal(await slice.exportTranscript({ id, format: 'md', participants: ['Ada', 'Priya'] }), target);
  const md = await readFile(target, 'utf8');
  assert.match(md, /Ship it on Friday\./);
  assert.match(md, /Ada/);
  assert.match(md, /Priya/);
});

test('through dispatch: a string id or a path is refused before the library is touched', async (t) => {
  const { slice } = await setup(t);
  const services = slice as unknown as VerbaServices;
  for (const [name, args] of [
    ['getTranscript', ['1']],
    ['transcriptAudio', ['/etc/passwd']],
    ['openTranscript', [0]],
    ['exportTranscript', [{ id: 1, format: 'md', path: '/tmp/x.md' }]],
    ['searchTranscripts', [{ text: '' }]],
  ] as const) {
    const result = await dispatch(services, name, [...args]);
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.equal(result.error.name, 'InvalidPayload', name);
  }
  const missing = await dispatch(services, 'getTranscript', [99]);
  assert.equal(missing.ok, false);
});

test('export file names are safe on every OS', () => {
  assert.equal(exportFileName('Weekly: sync?', 'md'), 'Weekly sync.md');
  assert.equal(exportFileName('../../etc/passwd', 'txt'), '.. .. etc passwd.txt');
  assert.equal(exportFileName('  ...  ', 'srt'), 'Transcript.srt');
  assert.equal(exportFileName('a\u0000b', 'vtt'), 'a b.vtt');
});
