/**
 * The Node-side implementation of the IPC contract. Electron main and the e2e test transport both serve
 * exactly this object, so what the tests exercise is what the app runs.
 *
 *   const services = createServices({ appVersion: '0.1.0', emit });
 *   await services.getSystemInfo();
 */
import type { EmitEvent, VerbaServices } from '../../common/ipc-contract.ts';
import { availableBackends, onnxRuntimeVersion } from '../onnx/ort.ts';
import { formatText } from './format-text.ts';
import { naudiodonBackend } from '../audio/naudiodon-backend.ts';

export interface ServiceContext {
  appVersion: string;
  emit: EmitEvent;
  /** The compiled capture worker in a bundled app (out/main/naudiodon-worker.js); sources otherwise. */
  captureWorkerPath?: string;
}

export function createServices(context: ServiceContext): VerbaServices {
  const capture = naudiodonBackend(context.captureWorkerPath !== undefined ? { workerPath: context.captureWorkerPath } : {});
  return {
    async getSystemInfo() {
      return {
        appVersion: context.appVersion,
        platform: process.platform,
        arch: process.arch,
        node: process.versions.node,
        onnxRuntime: onnxRuntimeVersion(),
        backends: availableBackends(),
      };
    },
    async listInputDevices() {
      return capture.listInputDevices();
    },
    async formatText(request) {
      return formatText(request);
    },
  };
}
