/**
 * The layer rules of DESIGN.md are enforced by lint: these breaches must fail it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function ruleErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; code: string; breaks: boolean }[] = [
  { file: 'electron/common/breach.ts', code: "import { app } from 'electron';\nexport const a = app;\n", breaks: true },
  { file: 'electron/common/breach.ts', code: "import fs from 'node:fs';\nexport const a = fs;\n", breaks: true },
  { file: 'electron/common/breach.ts', code: "import fs from 'fs';\nexport const a = fs;\n", breaks: true },
  {
    file: 'electron/common/breach.ts',
    code: "import { x } from '../node/services/create-services.ts';\nexport const a = x;\n",
    breaks: true,
  },
  {
    file: 'renderer/src/breach.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    breaks: true,
  },
  { file: 'renderer/src/breach.ts', code: "import path from 'node:path';\nexport const a = path;\n", breaks: true },
  {
    file: 'renderer/src/breach.ts',
    code: "import { createServices } from '../../electron/node/services/create-services.ts';\nexport const a = createServices;\n",
    breaks: true,
  },
  { file: 'electron/node/breach.ts', code: "import { app } from 'electron';\nexport const a = app;\n", breaks: true },
  {
    file: 'electron/node/engine/breach.ts',
    code: "import * as ort from 'onnxruntime-node';\nexport const a = ort;\n",
    breaks: true,
  },
  {
    file: 'electron/main/breach.ts',
    code: "import * as ort from 'onnxruntime-node';\nexport const a = ort;\n",
    breaks: true,
  },
  {
    file: 'electron/node/engine/breach.ts',
    code: "import { registerIpc } from '../../main/ipc.ts';\nexport const a = registerIpc;\n",
    breaks: true,
  },
  {
    file: 'electron/node/breach.ts',
    code: "import { command } from '../cli/commands/format.ts';\nexport const a = command;\n",
    breaks: true,
  },
  {
    file: 'electron/cli/breach.ts',
    code: "import { registerIpc } from '../main/ipc.ts';\nexport const a = registerIpc;\n",
    breaks: true,
  },
  {
    file: 'electron/main/index.ts',
    code: "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    breaks: true,
  },
  {
    file: 'electron/main/ipc.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    breaks: true,
  },
  {
    file: 'electron/preload/index.ts',
    code: "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    breaks: true,
  },
  // Inside the engine, the low layers never reach up:
  {
    file: 'electron/node/ctc/breach.ts',
    code: "import { Recognizer } from '../engine/recognizer.ts';\nexport const a = Recognizer;\n",
    breaks: true,
  },
  {
    file: 'electron/node/text/breach.ts',
    code: "import { createServices } from '../services/create-services.ts';\nexport const a = createServices;\n",
    breaks: true,
  },
  {
    file: 'electron/node/audio/breach.ts',
    code: "import { speak } from '../testing/media.ts';\nexport const a = speak;\n",
    breaks: true,
  },
  {
    file: 'electron/node/convert/breach.ts',
    code: "import { resolveModel } from '../models/model-store.ts';\nexport const a = resolveModel;\n",
    breaks: true,
  },
  {
    file: 'electron/node/onnx/ort.ts',
    code: "import { x } from '../bench/run-bench.ts';\nexport const a = x;\n",
    breaks: true,
  },
  // What each layer may do:
  {
    file: 'electron/node/audio/spool.test.ts',
    code: "import { speak } from '../testing/media.ts';\nexport const a = speak;\n",
    breaks: false,
  },
  {
    file: 'electron/node/engine/ok.ts',
    code: "import { greedyDecode } from '../ctc/greedy.ts';\nexport const a = greedyDecode;\n",
    breaks: false,
  },
  {
    file: 'electron/main/ipc.ts',
    code: "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    breaks: false,
  },
  {
    file: 'electron/preload/index.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    breaks: false,
  },
  {
    file: 'electron/main/inference-host.ts',
    code: "import { forwardHostEvents } from '../common/host-event-routes.ts';\nexport const a = forwardHostEvents;\n",
    breaks: false,
  },
  {
    file: 'electron/node/onnx/ort.ts',
    code: "import * as ort from 'onnxruntime-node';\nexport const a = ort;\n",
    breaks: false,
  },
  { file: 'electron/main/ok.ts', code: "import { app } from 'electron';\nexport const a = app;\n", breaks: false },
  { file: 'electron/node/ok.ts', code: "import fs from 'node:fs';\nexport const a = fs;\n", breaks: false },
  {
    file: 'renderer/src/ok.ts',
    code: "import { ok } from '../../electron/common/result.ts';\nexport const a = ok;\n",
    breaks: false,
  },
];

for (const { file, code, breaks } of cases) {
  const first = code.split('\n')[0];
  test(`${file}: \`${first}\` ${breaks ? 'fails' : 'passes'} lint`, async () => {
    const errors = await ruleErrors(file, code);
    assert.equal(errors.length > 0, breaks, errors.join('; '));
  });
}
