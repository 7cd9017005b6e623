/** What the inference host serves. Each method runs inside the host process. */
import type { Result } from '../common/result.ts';
import { availableBackends, onnxRuntimeVersion } from '../node/onnx/ort.ts';

export interface HostRequest {
  id: number;
  method: string;
  args: unknown[];
}

export interface HostResponse {
  id: number;
  result: Result<unknown>;
}

export const hostMethods = {
  async ping(): Promise<{ pid: number; onnxRuntime: string; backends: string[] }> {
    return { pid: process.pid, onnxRuntime: onnxRuntimeVersion(), backends: availableBackends() };
  },
};
