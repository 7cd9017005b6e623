// Builds the renderer on its own (for the e2e suite, which serves it to Chromium). The app build
// (build/electron.vite.config.ts) uses the same plugin and root.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'chrome140' },
});
