// Layer rules from DESIGN.md, enforced: common → node → utility/main/preload/cli; renderer sees only common.
// Only electron/main/ipc.ts touches ipcMain and only the preload touches ipcRenderer (CONVENTIONS 1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = {
  group: ['node:*', ...builtinModules],
  message: 'This layer runs without Node: no node:* imports.',
};
const electron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const onnxruntime = { name: 'onnxruntime-node', message: 'Only electron/node/onnx/ort.ts imports onnxruntime-node.' };
const ipcMain = {
  name: 'electron',
  importNames: ['ipcMain'],
  message: 'Only electron/main/ipc.ts registers IPC (a loop over the contract).',
};
const ipcRenderer = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'Only the preload uses ipcRenderer (a loop over the contract).',
};
const layer = (folders, message) => ({
  group: folders.flatMap((f) => [`../${f}/**`, `../../${f}/**`, `../../../${f}/**`, `**/electron/${f}/**`]),
  message,
});
const rendererOnly = layer(
  ['node', 'main', 'preload', 'utility', 'cli'],
  'The renderer talks to the engine only through window.verba.',
);
const commonOnly = {
  ...layer(['node', 'main', 'preload', 'utility', 'cli']),
  group: [...layer(['node', 'main', 'preload', 'utility', 'cli']).group, '**/renderer/**'],
  message: 'electron/common imports nothing but electron/common.',
};
const engineOnly = layer(
  ['main', 'preload', 'utility', 'cli'],
  'electron/node is the engine: it imports only electron/common and itself.',
);
// Inside the engine the pipeline's low layers never reach up: they cannot import the composition layers above them.
const lowLayerFolders = ['ctc', 'text', 'audio', 'convert', 'onnx'];
const upperFolders = ['engine', 'app', 'services', 'models', 'dictation', 'storage', 'export', 'bench', 'testing'];
const lowOnly = {
  group: upperFolders.flatMap((f) => [`../${f}/**`, `./${f}/**`]),
  message:
    'ctc/, text/, audio/, convert/ and onnx/ are low layers: they cannot import engine/, the application layer, bench/ or testing/.',
};
const notMain = layer(['main', 'preload'], 'The CLI and the inference host run without Electron main or the preload.');
const restrict = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'renderer/dist/', '.bench/', '.tools/', 'models/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict([electron, onnxruntime], []),
    },
  },
  {
    files: ['electron/common/**'],
    languageOptions: { globals: {} },
    rules: { 'no-restricted-imports': restrict([electron, onnxruntime], [nodeBuiltins, commonOnly]) },
  },
  {
    // Tests of common run in plain Node: node:test and node:assert only, still nothing above common.
    files: ['electron/common/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': restrict(
        [electron, onnxruntime],
        [
          { ...nodeBuiltins, group: [...nodeBuiltins.group, '!node:test', '!node:assert', '!node:assert/strict'] },
          commonOnly,
        ],
      ),
    },
  },
  { files: ['electron/node/**'], rules: { 'no-restricted-imports': restrict([electron, onnxruntime], [engineOnly]) } },
  // The test harness starts the inference host the way main does (a process, never Electron main itself).
  {
    files: ['electron/node/testing/**'],
    rules: { 'no-restricted-imports': restrict([electron, onnxruntime], [notMain]) },
  },
  {
    files: lowLayerFolders.map((f) => `electron/node/${f}/**`),
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict([electron, onnxruntime], [engineOnly, lowOnly]) },
  },
  {
    files: ['electron/node/onnx/ort.ts'],
    rules: { 'no-restricted-imports': restrict([electron], [engineOnly, lowOnly]) },
  },
  {
    files: ['electron/cli/**', 'electron/utility/**'],
    rules: { 'no-restricted-imports': restrict([electron, onnxruntime], [notMain]) },
  },
  {
    files: ['electron/main/**'],
    rules: { 'no-restricted-imports': restrict([onnxruntime, ipcMain, ipcRenderer], []) },
  },
  { files: ['electron/main/ipc.ts'], rules: { 'no-restricted-imports': restrict([onnxruntime, ipcRenderer], []) } },
  { files: ['electron/preload/**'], rules: { 'no-restricted-imports': restrict([onnxruntime, ipcMain], []) } },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: { 'no-restricted-imports': restrict([electron, onnxruntime], [nodeBuiltins, rendererOnly]) },
  },
  {
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
);
