/**
 * A child process for the library's crash test: stores transcripts in a loop (every other one a
 * dictation with a spool to move in) and prints each id on stdout once add() has returned, until it
 * is killed. It starts writing when a line arrives on stdin, so the test can start the next writer
 * (Node's start-up is most of a run) while it checks the file the last one left.
 * Usage: node library-writer.ts <library dir> <spool dir> <first number>
 */
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { TranscriptLibrary } from '../storage/transcript-library.ts';
import { makeTranscript } from './transcripts.ts';

const [dir, spools, first] = process.argv.slice(2) as [string, string, string];
process.stdout.write('loaded\n');
await once(process.stdin, 'data');
const library = await TranscriptLibrary.open(dir);
process.stdout.write('ready\n');
for (let n = Number(first); ; n++) {
  const transcript = makeTranscript([`Transcript number ${n} about item${n}.`, 'It has a second sentence.']);
  let spoolPath: string | undefined;
  if (n % 2 === 0) {
    spoolPath = join(spools, `spool-${n}.wav`);
    await writeFile(spoolPath, `audio ${n}`);
  }
  const id = await library.add({
    transcript,
    kind: spoolPath ? 'dictation' : 'file',
    ...(spoolPath ? { spoolPath } : {}),
  });
  process.stdout.write(`${id} ${n}\n`);
}
