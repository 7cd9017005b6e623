/**
 * The Node half of the test transport: serves the built renderer and carries window.verba calls to
 * the real services (createServices, the same object Electron main serves) over loopback, guarded by a
 * random per-run token. Events are pushed with Server-Sent Events.
 *
 *   const server = await startTransport({ rendererDir: 'renderer/dist' });
 *   await page.addInitScript(bridgeScript(server.token)); await page.goto(server.url);
 */
import { createServer, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { events, invokes, type EmitEvent, type InvokeName } from '../../electron/common/ipc-contract.ts';
import { dispatch } from '../../electron/common/ipc-dispatch.ts';
import { isPayload } from '../../electron/common/contract/spec.ts';
import { err } from '../../electron/common/result.ts';
import { createServices } from '../../electron/node/app/create-services.ts';
import { forwardHostEvents } from '../../electron/common/host-event-routes.ts';
import { hostEventTap } from '../../electron/node/app/dictation-runtime.ts';
import { forkInferenceHost } from '../../electron/utility/fork-host.ts';
import { audioIdOfPath } from '../../electron/common/contract/library.ts';
import { audioReply, libraryAudioSource } from '../../electron/node/app/transcript-audio.ts';
import { createReadStream } from 'node:fs';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface Transport {
  url: string;
  token: string;
  emit: EmitEvent;
  /** What the "user" chooses in the next open dialogs (pickFiles); an empty list is a cancel. */
  answerFileDialog(paths: string[]): void;
  /** Where the "user" saves in the next save dialogs (pickSavePath); null is a cancel. */
  answerSaveDialog(path: string | null): void;
  /** This run's transcript library and model cache folders (removed on close). */
  libraryDir: string;
  cacheDir: string;
  /**
   * Files the page may resolve by name with getPathForFile, as Electron's webUtils does for a dropped
   * file (Chromium gives a page no paths, so the harness keeps the name → path table).
   */
  stageDroppedFiles(paths: string[]): void;
  close(): Promise<void>;
}

const channelToName = new Map(
  Object.entries(invokes).map(([name, spec]) => [spec.channel as string, name as InvokeName]),
);

export async function startTransport(options: {
  rendererDir: string;
  appVersion?: string;
  spoolDir?: string;
}): Promise<Transport> {
  const token = randomBytes(24).toString('hex');
  // VERBA_RENDERER_DIST: a renderer built elsewhere (several developers' e2e runs on one machine).
  const root = path.resolve(process.env.VERBA_RENDERER_DIST ?? options.rendererDir);
  const streams = new Set<ServerResponse>();
  const emit: EmitEvent = (name, payload) => {
    const spec = events[name];
    if (!isPayload(spec, payload)) throw new Error(`Refusing to send a malformed ${name} event.`);
    for (const res of streams) res.write(`event: ${spec.channel}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  // The host converts and caches models: keep that out of the developer's own cache.
  const cache = await mkdtemp(path.join(tmpdir(), 'verba-e2e-cache-'));
  const forward = forwardHostEvents(emit);
  const dictationEvents = hostEventTap(); // push-to-talk follows its session as main's runtime does
  const host = forkInferenceHost({
    onEvent: (m) => {
      forward(m);
      dictationEvents.emit(m);
    },
    env: { VERBA_CACHE_DIR: cache },
  });
  const dialogAnswers: string[][] = [];
  const saveAnswers: (string | null)[] = [];
  const libraryDir = path.join(cache, 'library');
  const dropped = new Map<string, string>();
  const services = createServices({
    pickFiles: async () => dialogAnswers.shift() ?? [],
    pickSavePath: async () => saveAnswers.shift() ?? null,
    libraryDir,
    cacheDir: cache,
    appVersion: options.appVersion ?? '0.0.0-test',
    emit,
    host,
    spoolDir: options.spoolDir ?? path.join(cache, 'spool'),
    settingsPath: path.join(cache, 'text-settings.json'),
    // What Electron main serves as verba-audio://transcript/<id> (an <audio> element sends no headers).
    audioUrl: (id) => `/audio/${id}?token=${token}`,
    // No global hotkeys and no insertion here: the page's Start/Stop drive it, the text stays in Verba.
    dictation: {
      journalPath: path.join(cache, 'dictations.jsonl'),
      settingsPath: path.join(cache, 'dictation-settings.json'),
      hostEvents: dictationEvents,
    },
  });

  const audioSource = libraryAudioSource(libraryDir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') =>
      res.writeHead(status, { 'content-type': type }).end(body);
    if (url.pathname.startsWith('/ipc/') && req.method === 'POST') {
      if (req.headers['x-verba-token'] !== token) return send(403, 'forbidden');
      const name = channelToName.get(decodeURIComponent(url.pathname.slice(5)));
      if (name === undefined) return send(404, 'unknown channel');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let args: unknown;
        try {
          args = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          args = null;
        }
        const reply = Array.isArray(args)
          ? dispatch(services, name, args)
          : Promise.resolve(err('InvalidPayload', 'Verba refused a malformed request.'));
        void reply.then((result) => send(200, JSON.stringify(result), 'application/json'));
      });
      return;
    }
    if (url.pathname === '/path-for-file') {
      if (req.headers['x-verba-token'] !== token) return send(403, 'forbidden');
      return send(200, JSON.stringify(dropped.get(url.searchParams.get('name') ?? '') ?? ''), 'application/json');
    }
    if (url.pathname.startsWith('/audio/') && req.method === 'GET') {
      if (url.searchParams.get('token') !== token) return send(403, 'forbidden');
      void audioReply(audioSource, audioIdOfPath(url.pathname.slice(6)), req.headers.range).then((reply) => {
        res.writeHead(reply.status, reply.headers);
        if (reply.file === undefined) res.end();
        else createReadStream(reply.file.path, reply.file).pipe(res);
      });
      return;
    }
    if (url.pathname === '/events') {
      if (url.searchParams.get('token') !== token) return send(403, 'forbidden');
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const file = path.join(root, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
    if (!file.startsWith(root + path.sep)) return send(403, 'forbidden');
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => send(404, 'not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The test transport did not get a TCP port.');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    token,
    emit,
    answerFileDialog: (paths) => dialogAnswers.push(paths),
    answerSaveDialog: (savePath) => saveAnswers.push(savePath),
    libraryDir,
    cacheDir: cache,
    stageDroppedFiles: (paths) => paths.forEach((p) => dropped.set(path.basename(p), p)),
    close: async () => {
      await new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      host.stop();
      await rm(cache, { recursive: true, force: true });
    },
  };
}
