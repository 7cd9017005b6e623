import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { editWords, withWords } from '../../common/transcript-edit.ts';
import { TranscriptLibrary } from '../storage/transcript-library.ts';
import { makeTranscript } from '../testing/transcripts.ts';
import { createLibraryService } from './library-service.ts';

test('the library service: save a dictation, find it, open it for the editor, autosave an edit, export, delete and undo', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'verba-app-library-'));
  const library = await TranscriptLibrary.open(join(root, 'library'));
  t.after(async () => {
    library.close();
    await rm(root, { recursive: true, force: true });
  });
  const service = createLibraryService(library);
  const spoolPath = join(root, 'spool-1-2-abc.wav');
  await writeFile(spoolPath, 'audio');
  const id = await service.saveDictation({
    transcript: makeTranscript(['Call the venue.', 'Book the room.'], { pauseAfter: { 0: 3 } }),
    spoolPath,
  });
  await assert.rejects(access(spoolPath), 'the spool left the spool folder');

  const hit = (await service.search({ text: 'venue' })).items[0]!;
  assert.equal(hit.id, id);
  const { stored, model } = await service.open(id);
  assert.equal(model.paragraphs.length, 2);
  assert.equal(await readFile(stored.audioPath!, 'utf8'), 'audio');

  const edited = withWords(stored.transcript, editWords(model.words, 'Call the new venue. Book the room.'));
  await service.update(id, { transcript: edited });
  assert.equal((await service.get(id)).transcript.text, 'Call the new venue. Book the room.');

  const path = join(root, 'notes.md');
  await service.export({ id, format: 'md', path });
  assert.match(await readFile(path, 'utf8'), /Call the new venue\./);
  await assert.rejects(
    service.export({ id, format: 'md', path }),
    (e: unknown) => e instanceof VerbaError && e.code === 'FileExists',
  );
  await service.export({ id, format: 'md', path, overwrite: true });

  await service.delete(id);
  assert.equal((await service.list()).total, 0);
  await service.restore(id);
  assert.equal((await service.list()).total, 1);

  await assert.rejects(service.get(-1 as number), (e: unknown) => e instanceof VerbaError && e.code === 'BadArgument');
  await assert.rejects(
    service.export({ id, format: 'pdf' as 'md', path: join(root, 'x.pdf') }),
    (e: unknown) => e instanceof VerbaError && e.code === 'BadArgument',
  );
});
