/**
 * Every call the application layer makes into the inference host, in one place: the host protocol is
 * changing (typed host contract), and only this file should need to follow it.
 *
 *   const { onnxRuntime, backends } = await engineInfo(host);
 */
import type { HostClient } from '../../common/host-client.ts';
import type { TranscribeFileRequest } from '../../common/ipc-types.ts';
import { VerbaError } from '../../common/result.ts';
import type { TextSettings } from '../../common/text-settings.ts';
import type { Transcript } from '../../common/transcript.ts';

async function hostCall<T>(host: HostClient, method: string, ...args: unknown[]): Promise<T> {
  const result = await host.call<T>(method, ...args);
  if (!result.ok) throw new VerbaError(result.error.name, result.error.message);
  return result.value;
}

export const engineInfo = (host: HostClient) => hostCall<{ onnxRuntime: string; backends: string[] }>(host, 'ping');

/** The host writes with the user's current words and switches (digits from the request wins). */
export const transcribeInHost = (host: HostClient, request: TranscribeFileRequest, settings: TextSettings) =>
  hostCall<Transcript>(host, 'transcribeFile', request, settings);
