/**
 * Where `verba transcribe` writes each transcript, decided and checked before any model is loaded, so a
 * mistake in --out costs nothing and no transcript overwrites another:
 *   - no --out: stdout (several JSON transcripts as JSON Lines, one compact document per line);
 *   - one input, --out a file path: that file (its folder is created); an existing folder: a file in it;
 *   - several inputs: --out is a folder (created when missing), one `<name>.<format>` per input, with
 *     `-2`, `-3`, … added when two inputs share a name (a.wav from two folders, a.wav and a.mp3).
 * Files are written to a temporary sibling and renamed, so a failed run never leaves half a transcript.
 *
 *   const plan = await planOutputs(files, values.out, 'json');
 *   await writeTranscript(plan, i, text);
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { usageError } from '../cli-errors.ts';

export type OutputPlan = { kind: 'stdout'; jsonLines: boolean } | { kind: 'files'; paths: string[] };

const isDir = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** `<name>.<format>` per input, unique within the list (the first keeps the plain name). */
export function uniqueNames(inputs: readonly string[], format: string): string[] {
  const taken = new Set<string>();
  return inputs.map((input) => {
    const stem = basename(input, extname(input)) || 'transcript';
    let name = `${stem}.${format}`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}.${format}`;
    taken.add(name.toLowerCase()); // case-insensitive file systems (macOS, Windows) would collide too
    return name;
  });
}

async function makeFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new VerbaError('OutputFolder', `Cannot create the output folder ${dir} (${error.code ?? error.message}).`);
  });
}

export async function planOutputs(
  inputs: readonly string[],
  out: string | undefined,
  format: string,
  knownFormats: readonly string[],
): Promise<OutputPlan> {
  if (out === undefined) return { kind: 'stdout', jsonLines: format === 'json' && inputs.length > 1 };
  const inputPaths = new Set(inputs.map((i) => resolve(i)));
  const guard = (path: string) => {
    if (inputPaths.has(resolve(path)))
      throw usageError(`--out ${path} is one of the inputs; Verba never overwrites a recording.`);
    return path;
  };
  if (inputs.length === 1 && !(await isDir(out))) {
    await makeFolder(dirname(resolve(out)));
    return { kind: 'files', paths: [guard(out)] };
  }
  if (inputs.length > 1) {
    const looksLikeFile = knownFormats.some((f) => out.toLowerCase().endsWith(`.${f}`));
    if ((await exists(out)) && !(await isDir(out)))
      throw usageError(
        `--out ${out} is a file, but there are ${inputs.length} inputs; give a folder for one transcript per input.`,
      );
    if (looksLikeFile && !(await exists(out)))
      throw usageError(
        `--out ${out} looks like a file name, but there are ${inputs.length} inputs; give a folder for one transcript per input.`,
      );
  }
  await makeFolder(out);
  return { kind: 'files', paths: uniqueNames(inputs, format).map((name) => guard(join(out, name))) };
}

/** Writes the i-th transcript where the plan says: stdout, or atomically into its file. */
export async function writeTranscript(
  plan: OutputPlan,
  index: number,
  text: string | Uint8Array,
  asJsonLine?: () => string,
) {
  if (plan.kind === 'stdout') {
    process.stdout.write(plan.jsonLines && asJsonLine ? `${asJsonLine()}\n` : text);
    return;
  }
  const path = plan.paths[index]!;
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new VerbaError('OutputWrite', `Cannot write ${path} (${code ?? String(error)}).`, { cause: error });
  }
}
