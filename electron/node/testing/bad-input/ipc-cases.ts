/**
 * Hostile IPC payloads, sent through the contract's own dispatch (what main's ipcMain loop and the e2e
 * transport run) to the real services. (Calls from frames that are not Verba's page: e2e/bad-input-corpus.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../../common/ipc-dispatch.ts';
import type { InvokeName, VerbaServices } from '../../../common/ipc-contract.ts';
import type { BadInputCase } from './corpus.ts';

const invalid = { code: 'InvalidPayload', says: /refused a malformed request/ };

export function ipcCases(services: VerbaServices, context: { spoolDir: string; model: string }): BadInputCase[] {
  const call =
    (name: string, ...args: unknown[]) =>
    async () =>
      dispatch(services, name as InvokeName, args);
  return [
    { group: 'ipc', name: 'an unknown channel', run: call('deleteEverything'), refuse: { code: 'UnknownCall' } },
    { group: 'ipc', name: 'a channel named __proto__', run: call('__proto__'), refuse: { code: 'UnknownCall' } },
    { group: 'ipc', name: 'a channel named constructor', run: call('constructor', 1), refuse: { code: 'UnknownCall' } },
    { group: 'ipc', name: 'a number where a format request belongs', run: call('formatText', 42), refuse: invalid },
    {
      group: 'ipc',
      name: 'a non-boolean option',
      run: call('formatText', { text: 'HELLO', commands: 'yes' }),
      refuse: invalid,
    },
    {
      group: 'ipc',
      name: 'a 1 MB + 1 text to format',
      run: call('formatText', { text: 'A'.repeat(1_000_001) }),
      refuse: invalid,
    },
    { group: 'ipc', name: 'a 5 MB + 1 words file', run: call('importWords', 'x'.repeat(5_000_001)), refuse: invalid },
    {
      group: 'ipc',
      name: 'an argument to a call that takes none',
      run: call('getSystemInfo', 'please'),
      refuse: invalid,
    },
    { group: 'ipc', name: 'two arguments where one belongs', run: call('exportWords', {}, {}), refuse: invalid },
    {
      group: 'ipc',
      name: 'settings of the wrong types',
      run: call('saveTextSettings', { vocabulary: 'Ada' }),
      refuse: invalid,
    },
    {
      group: 'ipc',
      name: 'a relative path to transcribe',
      run: call('transcribeFile', { path: 'meeting.wav' }),
      refuse: invalid,
    },
    {
      group: 'ipc',
      name: 'path traversal to a system file to transcribe',
      run: call('transcribeFile', { path: '/tmp/../etc/passwd', model: context.model }),
      refuse: { code: 'AudioUnsupported' },
    },
    {
      group: 'ipc',
      name: 'a model path climbing out of the folder',
      run: call('transcribeFile', { path: '/tmp/../etc/hostname', model: '../../../../etc' }),
      refuse: { code: 'ModelNotFound' },
    },
    {
      group: 'ipc',
      name: 'path traversal out of the spool folder to discard',
      run: async () => {
        const result = await dispatch(services, 'discardUnsavedRecording', [
          join(context.spoolDir, '../../../../etc/hostname'),
        ]);
        assert.ok(existsSync('/etc/hostname'), 'a file outside the spool was deleted');
        return result;
      },
      refuse: { code: 'NotAnUnsavedRecording' },
    },
  ];
}
