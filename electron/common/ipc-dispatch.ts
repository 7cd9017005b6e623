/**
 * Serves one contract call: checks the untrusted arguments against the call's schemas, calls the
 * service, turns a throw into an error value. Used by main's ipcMain loop and by the e2e test
 * transport alike.
 *
 *   const result = await dispatch(services, 'formatText', [{ text: 'HELLO' }]);
 */
import { invokes, type InvokeName, type VerbaServices } from './ipc-contract.ts';
import { checkArgs } from './contract/spec.ts';
import { err, ok, toErrorValue, type Result } from './result.ts';

export async function dispatch(
  services: VerbaServices,
  name: InvokeName,
  args: readonly unknown[],
): Promise<Result<unknown>> {
  // The name comes from outside too (a test transport, a future channel table): only the contract's own keys.
  if (typeof name !== 'string' || !Object.hasOwn(invokes, name))
    return err('UnknownCall', `Verba has no call named ${JSON.stringify(String(name)).slice(0, 60)}.`);
  const problem = checkArgs(invokes[name], args);
  if (problem !== null) return err('InvalidPayload', `Verba refused a malformed request (${name}): ${problem}.`);
  try {
    const call = services[name] as (...a: readonly unknown[]) => Promise<unknown>;
    return ok(await call(...args));
  } catch (error) {
    return { ok: false, error: toErrorValue(error) };
  }
}
