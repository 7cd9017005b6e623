// electron-vite builds the three Electron entries (main, preload, renderer) with one Vite toolchain:
// main and the utility host as ESM for Node 24, the sandboxed preload as a single CommonJS file
// (sandboxed preloads cannot load local modules), the renderer with the Svelte plugin.
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const at = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: at('out/main'),
      rollupOptions: {
        input: {
          index: at('electron/main/index.ts'),
          'inference-host': at('electron/utility/inference-host.ts'),
          // PortAudio runs in its own process (child_process.fork runs Electron as Node).
          'naudiodon-worker': at('electron/node/audio/naudiodon-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': the contract's dependencies (valibot) are bundled in.
      externalizeDeps: false,
      outDir: at('out/preload'),
      rollupOptions: {
        input: { index: at('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [svelte()],
    build: { outDir: at('out/renderer'), rollupOptions: { input: at('renderer/index.html') } },
  },
});
