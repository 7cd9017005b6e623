/**
 * Test support: a local Hugging Face hub (127.0.0.1 only) serving one model's tree listing with LFS
 * metadata and its files with HTTP Range, with switches for the failures a download must survive
 * (a cut connection, a damaged byte, a slow line), and a forwarding proxy that records what it carried.
 *
 *   const hub = await startHubServer({ id: 'asapp/x', files: { 'config.json': buf, 'model.safetensors': big } });
 *   hub.cutAfter = 12345;            // the next weights response stops after 12345 bytes
 *   … hub.endpoint …; await hub.close();
 */
import { createHash } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface HubServer {
  endpoint: string;
  /** Every request: path and Range header. */
  requests: { path: string; range: string | null }[];
  /** The next file response is cut (socket destroyed) after this many body bytes. */
  cutAfter: number | null;
  /** Serve the weights with this byte flipped. */
  corruptAt: number | null;
  /** Send bodies in chunks of this many bytes, one every `slowDelayMs`. */
  slowChunk: number | null;
  slowDelayMs: number;
  close(): Promise<void>;
}

const LFS = (name: string) => name.endsWith('.safetensors') || name.endsWith('.bin');

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export async function startHubServer(model: {
  id: string;
  revision?: string;
  files: Record<string, Buffer>;
}): Promise<HubServer> {
  const revision = model.revision ?? 'main';
  const sockets = new Set<Socket>();
  const state: Omit<HubServer, 'endpoint' | 'close'> = {
    requests: [],
    cutAfter: null,
    corruptAt: null,
    slowChunk: null,
    slowDelayMs: 20,
  };
  const listing = Object.entries(model.files).map(([path, data]) => ({
    type: 'file',
    path,
    size: LFS(path) ? 134 : data.length,
    oid: createHash('sha1').update(data).digest('hex'),
    ...(LFS(path) ? { lfs: { oid: createHash('sha256').update(data).digest('hex'), size: data.length } } : {}),
  }));
  const send = async (res: ServerResponse, body: Buffer) => {
    const cut = state.cutAfter;
    state.cutAfter = null;
    const limit = cut ?? body.length;
    const step = state.slowChunk ?? 64 * 1024;
    for (let at = 0; at < limit; at += step) {
      const end = Math.min(limit, at + step);
      if (!res.write(body.subarray(at, end))) await new Promise((r) => res.once('drain', r));
      if (state.slowChunk !== null) await new Promise((r) => setTimeout(r, state.slowDelayMs));
      if (res.destroyed) return;
    }
    // end(), not destroy(): the bytes written so far reach the client, then the line goes dead.
    if (cut !== null) res.socket?.end();
    else res.end();
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    state.requests.push({ path, range: req.headers.range ?? null });
    if (path === `/api/models/${model.id}/tree/${revision}`) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(listing));
      return;
    }
    const prefix = `/${model.id}/resolve/${revision}/`;
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    const data = name !== null ? model.files[name] : undefined;
    if (data === undefined) {
      res.statusCode = 404;
      res.end('Entry not found');
      return;
    }
    let body = data;
    if (state.corruptAt !== null && LFS(name!)) {
      body = Buffer.from(data);
      body[state.corruptAt] = body[state.corruptAt]! ^ 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range !== null) {
      const start = Number(range[1]);
      if (start >= body.length) {
        res.statusCode = 416;
        res.end();
        return;
      }
      res.statusCode = 206;
      res.setHeader('content-range', `bytes ${start}-${body.length - 1}/${body.length}`);
      body = body.subarray(start);
    }
    res.setHeader('content-length', String(body.length));
    void send(res, body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  const hub: HubServer = Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
  return hub;
}

/** A forwarding HTTP proxy (absolute-form requests and CONNECT tunnels) that records each target. */
export async function startRecordingProxy(): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    targets.push(req.url ?? '');
    const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    sockets.add(upstream);
    sockets.add(client);
  });
  server.on('connection', (s) => sockets.add(s));
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
