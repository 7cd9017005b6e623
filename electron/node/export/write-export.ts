/**
 * Writes an export to the path the user chose. An existing file is never replaced unless `force` is
 * set: the check and the creation are one step (O_EXCL), so there is no window for a race.
 *
 *   await writeExport('/home/ada/notes.md', text);
 */
import { writeFile } from 'node:fs/promises';
import { VerbaError } from '../../common/result.ts';

export async function writeExport(
  path: string,
  body: string | Uint8Array,
  options: { force?: boolean } = {},
): Promise<void> {
  try {
    await writeFile(path, body, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new VerbaError(
        'FileExists',
        `${path} already exists and was not replaced; choose another name, or add --force to replace it.`,
        {
          cause: error,
        },
      );
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : (code ?? String(error));
    throw new VerbaError('ExportFailed', `Verba could not write ${path} (${why}).`, { cause: error });
  }
}
