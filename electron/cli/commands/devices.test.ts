import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { REPO_ROOT, requireVirtualMic } from '../../node/testing/media.ts';

const run = promisify(execFile);

test('verba devices lists microphones and inference backends', async (t) => {
  if (!(await requireVirtualMic(t))) return;
  const { stdout } = await run(process.execPath, ['electron/cli/verba.ts', 'devices', '--json'], { cwd: REPO_ROOT });
  const report = JSON.parse(stdout) as {
    microphones: { id: number; isDefault: boolean }[];
    microphoneError: string | null;
    inference: { backends: string[] };
  };
  assert.equal(report.microphoneError, null);
  assert.ok(report.microphones.some((m) => m.isDefault));
  assert.ok(report.inference.backends.includes('cpu'));

  const text = (await run(process.execPath, ['electron/cli/verba.ts', 'devices'], { cwd: REPO_ROOT })).stdout;
  assert.match(text, /^Microphones:\n/);
  assert.match(text, /\* +\d+ {2}\S/);
  assert.match(text, /Inference \(onnxruntime [\d.]+\):\n {2}.*cpu/);
});
