/**
 * System services: what this computer and the engine are, and the OS file dialog (which only Electron
 * main can show; it hands its implementation in as context.pickFiles).
 */
import type { SystemServices } from '../../common/contract/system.ts';
import { notAvailable, type AppContext } from './context.ts';
import { engineInfo } from './host-calls.ts';

export function systemServices(context: AppContext): SystemServices {
  return {
    async getSystemInfo() {
      const engine = await engineInfo(context.host);
      return {
        appVersion: context.appVersion,
        platform: process.platform,
        arch: process.arch,
        node: process.versions.node,
        onnxRuntime: engine.onnxRuntime,
        backends: engine.backends,
      };
    },
    async pickFiles(request) {
      if (context.pickFiles === undefined) return notAvailable('Choosing files outside the Verba app');
      return context.pickFiles(request);
    },
  };
}
