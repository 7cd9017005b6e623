/**
 * Every call the application layer makes into the inference host, in one place: the host protocol is
 * changing (typed host contract), and only this file should need to follow it.
 *
 *   const { onnxRuntime, backends } = await engineInfo(host);
 *   const transcript = await transcribeInHost(host, 'file-1', { path }, settings);
 */
import type { HostClient } from '../../common/host-client.ts';
import type { HostArgsOf, HostMethodName, HostResultOf } from '../../common/host-contract.ts';
import type { TranscribeFileRequest } from '../../common/ipc-types.ts';
import { VerbaError } from '../../common/result.ts';
import type { TextSettings } from '../../common/text-settings.ts';

/** A host call whose error value becomes a VerbaError (the services throw; dispatch makes it a value again). */
async function hostCall<K extends HostMethodName>(
  host: HostClient,
  name: K,
  ...args: HostArgsOf<K>
): Promise<HostResultOf<K>> {
  const result = await host.call(name, ...args);
  if (!result.ok) throw new VerbaError(result.error.name, result.error.message);
  return result.value;
}

export const engineInfo = (host: HostClient) => hostCall(host, 'ping');

/**
 * One file as host job `jobId` (its progress events carry it). The host writes with the user's current
 * words and switches (digits from the request wins); the job id travels beside the request, not in it.
 */
export function transcribeInHost(
  host: HostClient,
  jobId: string,
  request: TranscribeFileRequest,
  settings: TextSettings,
) {
  const { jobId: _named, ...file } = request;
  return hostCall(host, 'transcribeFile', jobId, file, settings);
}

/** Loads the model in use with a processor choice in the host and times it (Settings → Processor). */
export const measureInHost = (host: HostClient, request: HostArgsOf<'measureEngine'>[0]) =>
  hostCall(host, 'measureEngine', request);

/** Stops host job `jobId` (its transcribeInHost then fails with Cancelled); false when it is not running. */
export const cancelInHost = (host: HostClient, jobId: string) => hostCall(host, 'cancel', jobId);
