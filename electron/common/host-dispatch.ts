/**
 * The host's side of the protocol: checks each untrusted request against the host contract, runs it,
 * and posts { id, result }. Calls run concurrently; calls that share a lane (one job, one dictation
 * session) run in arrival order, so a stop never overtakes its start while a ping never waits for a file.
 *
 *   const serve = createHostDispatcher(createHostMethods(emit), (m) => port.postMessage(m));
 *   port.on('message', serve);
 */
import { type HostResponse, type HostServices, hostMethods, isHostMethodName, isHostRequest } from './host-contract.ts';
import { err, toErrorValue, type Result } from './result.ts';

export function createHostDispatcher(
  services: HostServices,
  post: (response: HostResponse) => void,
): (message: unknown) => Promise<void> {
  const lanes = new Map<string, Promise<unknown>>();

  async function run(name: string, args: unknown[]): Promise<Result<unknown>> {
    if (!isHostMethodName(name)) return err('UnknownMethod', `The inference host has no method ${name}.`);
    const problem = hostMethods[name].check(args);
    if (problem !== null)
      return err('InvalidPayload', `The inference host refused a malformed ${name} call: ${problem}`);
    try {
      const call = services[name] as (...a: unknown[]) => Promise<unknown>;
      return { ok: true, value: await call(...args) };
    } catch (error) {
      return { ok: false, error: toErrorValue(error) };
    }
  }

  return async (message) => {
    if (!isHostRequest(message)) return;
    const { id, method: name, args } = message;
    const lane =
      isHostMethodName(name) && hostMethods[name].check(args) === null
        ? (hostMethods[name].lane as (a: unknown[]) => string | null)(args)
        : null;
    if (lane === null) return post({ id, result: await run(name, args) });
    const previous = lanes.get(lane) ?? Promise.resolve();
    const current = previous.then(() => run(name, args));
    lanes.set(lane, current);
    const result = await current;
    // The lane's last call is done: forget the lane, so finished jobs do not accumulate.
    if (lanes.get(lane) === current) lanes.delete(lane);
    post({ id, result });
  };
}
