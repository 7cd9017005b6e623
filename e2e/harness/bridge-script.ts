/**
 * The browser half of the test transport: a script, generated from the IPC contract by a loop, that
 * gives the page the same window.verba the preload gives it in the app, but carried over loopback HTTP
 * (calls) and Server-Sent Events (events) to the real Node services.
 */
import { events, invokes, PATH_FOR_FILE } from '../../electron/common/ipc-contract.ts';

interface BridgeConfig {
  token: string;
  pathForFile: string;
  calls: Record<string, string>;
  events: Record<string, string>;
}

/** Runs inside the page (serialised with toString), so it may use only browser globals. */
function installBridge(config: BridgeConfig): void {
  interface SyncRequest {
    open(method: string, url: string, async: boolean): void;
    setRequestHeader(name: string, value: string): void;
    send(): void;
    responseText: string;
  }
  const page = globalThis as unknown as {
    verba?: unknown;
    EventSource: typeof EventSource;
    fetch: typeof fetch;
    XMLHttpRequest: new () => SyncRequest;
  };
  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(config.calls)) {
    api[name] = async (...args: unknown[]) => {
      const response = await page.fetch(`/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-verba-token': config.token },
        body: JSON.stringify(args),
      });
      return response.json();
    };
  }
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  for (const [name, channel] of Object.entries(config.events)) {
    listeners.set(channel, new Set());
    api[name] = (listener: (payload: unknown) => void) => {
      if (source === null) {
        source = new page.EventSource(`/events?token=${encodeURIComponent(config.token)}`);
        for (const [ch, set] of listeners)
          source.addEventListener(ch, (e) =>
            set.forEach((l) => l(JSON.parse((e as unknown as { data: string }).data))),
          );
      }
      listeners.get(channel)?.add(listener);
      return () => listeners.get(channel)?.delete(listener);
    };
  }
  // webUtils.getPathForFile is synchronous in the app; a synchronous request keeps the same shape here.
  api[config.pathForFile] = (file: { name: string }) => {
    const request = new page.XMLHttpRequest();
    request.open('GET', `/path-for-file?name=${encodeURIComponent(file.name)}`, false);
    request.setRequestHeader('x-verba-token', config.token);
    request.send();
    return JSON.parse(request.responseText) as string;
  };
  page.verba = Object.freeze(api);
}

export function bridgeScript(token: string): string {
  const config: BridgeConfig = {
    token,
    pathForFile: PATH_FOR_FILE,
    calls: Object.fromEntries(Object.entries(invokes).map(([name, spec]) => [name, spec.channel])),
    events: Object.fromEntries(Object.entries(events).map(([name, spec]) => [name, spec.channel])),
  };
  return `(${installBridge.toString()})(${JSON.stringify(config)});`;
}
