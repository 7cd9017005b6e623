/**
 * window.verba, typed from the contract. The preload (in the app) or the test transport (in e2e)
 * provides it; the renderer never reaches Node or Electron any other way.
 */
import type { VerbaApi } from '../../../electron/common/ipc-contract.ts';

/** The contract's calls and events, plus the preload's one extra key (the path of a dropped file). */
export type VerbaBridge = VerbaApi & { getPathForFile(file: File): string };

declare global {
  interface Window {
    verba?: VerbaBridge;
  }
}

export function verba(): VerbaBridge {
  if (window.verba === undefined) throw new Error('Verba’s bridge is missing: open this page inside the Verba app.');
  return window.verba;
}
