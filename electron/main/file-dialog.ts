/**
 * The OS open dialog behind the contract's pickFiles: the page asks for a purpose, main decides the
 * title and filters, and only paths the user chose come back (a page never types a path).
 *
 *   const pickFiles = fileDialog(() => BrowserWindow.getFocusedWindow());
 *   await pickFiles({ purpose: 'transcribe', multiple: true }); // [] when cancelled
 */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { PickFilesRequest } from '../common/ipc-types.ts';

const AUDIO_AND_VIDEO = ['wav', 'flac', 'mp3', 'm4a', 'aac', 'ogg', 'opus', 'webm', 'mp4', 'mkv', 'mov'];

function options(request: PickFilesRequest): OpenDialogOptions {
  const many = request.multiple === true ? (['multiSelections'] as const) : [];
  switch (request.purpose) {
    case 'transcribe':
      return {
        title: 'Choose recordings to transcribe',
        properties: ['openFile', ...many],
        filters: [
          { name: 'Audio and video', extensions: AUDIO_AND_VIDEO },
          { name: 'All files', extensions: ['*'] },
        ],
      };
    case 'words':
      return {
        title: 'Choose a words file',
        properties: ['openFile'],
        filters: [{ name: 'Words files', extensions: ['tsv', 'txt'] }],
      };
    case 'model':
      return { title: 'Choose a model folder', properties: ['openDirectory'] };
  }
}

export function fileDialog(parent: () => BrowserWindow | null) {
  return async (request: PickFilesRequest): Promise<string[]> => {
    const window = parent();
    const result =
      window === null
        ? await dialog.showOpenDialog(options(request))
        : await dialog.showOpenDialog(window, options(request));
    return result.canceled ? [] : result.filePaths;
  };
}
