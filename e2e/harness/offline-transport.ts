/**
 * The test transport as a fresh install sees the world offline: the hub points at a port nobody listens
 * on (HF_ENDPOINT, inherited by the inference host), so the default model cannot be downloaded and the
 * offline demo model is used, with the spool in the test's own folder.
 *
 *   const transport = await startOfflineTransport(join(dir, 'spool'));
 */
import { createServer } from 'node:net';
import { startTransport, type Transport } from './transport-server.ts';

/** A loopback port that was free a moment ago and has no listener now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startOfflineTransport(spoolDir: string): Promise<Transport> {
  process.env.HF_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
  return startTransport({ rendererDir: 'renderer/dist', spoolDir });
}
