/**
 * Dictation services: the window's view of the process's one push-to-talk controller (the runtime main's
 * hotkeys and tray drive too), and the stored dictation settings. A process that wires no dictation
 * (unit tests of the other slices) answers honestly that it is not available.
 */
import type { DictationServices } from '../../common/contract/dictation.ts';
import { notAvailable, type AppContext } from './context.ts';
import { DictationRuntime } from './dictation-runtime.ts';

export function dictationServices(app: AppContext): DictationServices {
  const wiring = app.dictation;
  if (wiring === undefined) return unwired();
  const runtime = new DictationRuntime(app, wiring);
  wiring.ready?.(runtime);
  return {
    getDictationStatus: () => runtime.status(),
    startDictation: async () => ({ sessionId: await runtime.command('start') }),
    async stopDictation() {
      await runtime.command('stop');
      return true as const;
    },
    async cancelDictation() {
      await runtime.command('cancel');
      return true as const;
    },
    getDictationSettings: () => runtime.settings.load(),
    saveDictationSettings: (value) => runtime.saveSettings(value),
  };
}

function unwired(): DictationServices {
  return {
    async getDictationStatus() {
      return {
        available: false,
        reason: 'Push-to-talk dictation is not part of this version of Verba yet.',
        hotkey: null,
        hotkeyProblem: null,
        mode: 'hold',
        microphone: null,
        model: null,
      };
    },
    startDictation: async () => notAvailable('Dictation'),
    stopDictation: async () => notAvailable('Dictation'),
    cancelDictation: async () => notAvailable('Dictation'),
    getDictationSettings: async () => notAvailable('Dictation'),
    saveDictationSettings: async () => notAvailable('Dictation'),
  };
}
