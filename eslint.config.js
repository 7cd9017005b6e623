// Layer rules from DESIGN.md, enforced: common → node → utility/main/preload/cli; renderer sees only common.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = { group: ['node:*', ...builtinModules], message: 'This layer runs without Node: no node:* imports.' };
const electron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const onnxruntime = { name: 'onnxruntime-node', message: 'Only electron/node/onnx/ort.ts imports onnxruntime-node.' };
const rendererOnly = { group: ['**/electron/node/**', '**/electron/main/**', '**/electron/preload/**', '**/electron/utility/**', '**/electron/cli/**'], message: 'The renderer talks to the engine only through window.verba.' };
const commonOnly = { group: ['../node/*', '../main/*', '../preload/*', '../utility/*', '../cli/*', '**/renderer/**'], message: 'electron/common imports nothing but electron/common.' };
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
  { files: ['electron/main/**', 'electron/preload/**'], rules: { 'no-restricted-imports': restrict([onnxruntime], []) } },
  { files: ['electron/node/onnx/ort.ts'], rules: { 'no-restricted-imports': restrict([electron], []) } },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: { 'no-restricted-imports': restrict([electron, onnxruntime], [nodeBuiltins, rendererOnly]) },
  },
  { files: ['renderer/vite.config.ts'], languageOptions: { globals: { ...globals.node } }, rules: { 'no-restricted-imports': 'off' } },
);
