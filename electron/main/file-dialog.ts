/**
 * The OS open dialog behind the contract's pickFiles: the page asks for a purpose, main decides the
 * title and filters, and only paths the user chose come back (a page never types a path).
 *
 *   const pickFiles = fileDialog(() => BrowserWindow.getFocusedWindow());
 *   await pickFiles({ purpose: 'transcribe', multiple: true }); // [] when cancelled
 */
import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { PickFilesRequest } from '../common/ipc-types.ts';
import type { SavePathRequest } from '../node/app/context.ts';

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

/** The OS save dialog behind exports: the chosen path (the dialog asked about replacing it), or null. */
export function saveDialog(parent: () => BrowserWindow | null) {
  return async (request: SavePathRequest): Promise<string | null> => {
    const window = parent();
    const options: SaveDialogOptions = {
      title: request.title,
      defaultPath: request.defaultName,
      filters: [{ name: request.extensions.join(', ').toUpperCase(), extensions: request.extensions }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const result =
      window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
    return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
  };
}
