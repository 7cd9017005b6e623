/**
 * Files Verba ships beside its code (the Silero model, the ONNX schema), found the same way from the
 * TypeScript sources, the electron-vite bundle (out/main/…) and a packaged app: walk up from this
 * module to Verba's package.json. Inside a packaged app.asar, native readers (onnxruntime) cannot see
 * into the archive, so those files are unpacked (build/electron-builder.yml) and read from there.
 *
 *   const model = resourcePath('models/silero-vad/silero_vad_v5.onnx');
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'verba')
      return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('Verba cannot find its own files (no package.json named "verba" above its code).');
    dir = parent;
  }
}

let root: string | null = null;

export function resourcePath(relative: string): string {
  root ??= findRoot();
  const asar = `${sep}app.asar`;
  const base = root.endsWith(asar) ? `${root}.unpacked` : root;
  return join(base, ...relative.split('/'));
}
