/**
 * A stand-in for Electron main in the random-kill test: it owns an inference host child process, as main
 * owns its utilityProcess, transcribes one file through it and stores the text before it announces it
 * ("final" on stdout), as the app must before it shows a transcript as saved.
 *
 *   node electron/node/testing/owner-stand-in.ts <model-dir> <audio> <out.txt>
 */
import { forkInferenceHost } from '../../utility/fork-host.ts';
import { writeFileAtomic } from '../export/write-atomic.ts';

const [model, audio, out] = process.argv.slice(2);
if (model === undefined || audio === undefined || out === undefined) {
  process.stderr.write('usage: owner-stand-in.ts <model-dir> <audio> <out.txt>\n');
  process.exit(2);
}
const host = forkInferenceHost();
process.stdout.write(`started\n`);
const result = await host.call('transcribeFile', crypto.randomUUID(), { path: audio, model, raw: true }, null);
if (!result.ok) {
  process.stderr.write(`${result.error.message}\n`);
  host.stop();
  process.exit(1);
}
await writeFileAtomic(out, result.value.text);
process.stdout.write('final\n');
host.stop();
