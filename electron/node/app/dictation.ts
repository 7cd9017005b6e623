/**
 * Dictation services. Until the push-to-talk session is wired in, the status says so honestly (the
 * Dictate screen shows how to start) and the controls answer with one sentence.
 */
import type { DictationServices } from '../../common/contract/dictation.ts';
import { notAvailable, type AppContext } from './context.ts';

export function dictationServices(_context: AppContext): DictationServices {
  return {
    async getDictationStatus() {
      return {
        available: false,
        reason: 'Push-to-talk dictation is not part of this version of Verba yet.',
        hotkey: null,
        mode: 'hold',
        microphone: null,
        model: null,
      };
    },
    startDictation: async () => notAvailable('Dictation'),
    stopDictation: async () => notAvailable('Dictation'),
    cancelDictation: async () => notAvailable('Dictation'),
  };
}
