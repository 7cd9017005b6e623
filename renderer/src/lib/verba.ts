/**
 * window.verba, typed from the contract. The preload (in the app) or the test transport (in e2e)
 * provides it; the renderer never reaches Node or Electron any other way.
 */
import type { VerbaApi } from '../../../electron/common/ipc-contract.ts';

declare global {
  interface Window {
    verba?: VerbaApi;
  }
}

export function verba(): VerbaApi {
  if (window.verba === undefined) throw new Error('Verba’s bridge is missing: open this page inside the Verba app.');
  return window.verba;
}
