// Builds the renderer on its own (for the e2e suite, which serves it to Chromium). The app build
// (build/electron.vite.config.ts) uses the same plugin and root.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'chrome140' },
});
