/**
 * Test helpers for the engine: the sew-d fixture converted into a temp dir (once per process), the
 * fixture's reference arrays, and deterministic speech-like audio (voiced bursts with pauses).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertCheckpoint } from '../convert/convert.ts';

export const FIXTURES = fileURLToPath(new URL('../../../models/fixtures/', import.meta.url));

let converted: Promise<string> | null = null;
const cleanups: string[] = [];
process.once('exit', () => {
  for (const dir of cleanups) void rm(dir, { recursive: true, force: true });
});

/** models/fixtures/sewd-test-public converted (lean graph) into a temp dir, shared by a test file's tests. */
export function convertedSewdFixture(): Promise<string> {
  converted ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verba-engine-'));
    cleanups.push(dir);
    await convertCheckpoint(join(FIXTURES, 'sewd-test-public'), join(dir, 'model'));
    return join(dir, 'model');
  })();
  return converted;
}

export async function readF32(path: string): Promise<Float32Array> {
  const b = await readFile(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Voiced bursts (three partials, sine envelope) of 0.15–0.75 s with pauses, at 16 kHz; seeded. */
export function speechLike(seconds: number, seed = 3): Float32Array {
  const sr = 16_000;
  const x = new Float32Array(Math.round(seconds * sr));
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let t = 0;
  while (t < x.length) {
    const dur = Math.floor((0.15 + rand() * 0.6) * sr);
    const [f0, f1, f2, amp] = [90 + rand() * 150, 300 + rand() * 700, 900 + rand() * 1500, 0.05 + rand() * 0.3];
    for (let i = 0; i < dur && t + i < x.length; i++) {
      const tt = i / sr;
      const voiced =
        0.5 * Math.sin(2 * Math.PI * f0 * tt) +
        0.3 * Math.sin(2 * Math.PI * f1 * tt) +
        0.2 * Math.sin(2 * Math.PI * f2 * tt);
      x[t + i] = amp * Math.sin((Math.PI * i) / dur) * voiced + 0.002 * (rand() - 0.5);
    }
    t += dur;
    const pause = rand() < 0.3 ? Math.floor((0.2 + rand() * 0.6) * sr) : Math.floor(rand() * 0.05 * sr);
    for (let i = 0; i < pause && t + i < x.length; i++) x[t + i] = 0.002 * (rand() - 0.5);
    t += pause;
  }
  return x;
}
