import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { loadAudioFile } from '../../node/audio/load-audio.ts';
import { REPO_ROOT, requireVirtualMic } from '../../node/testing/media.ts';

const run = promisify(execFile);
const verba = (...args: string[]) => run(process.execPath, ['electron/cli/verba.ts', ...args], { cwd: REPO_ROOT });

test('verba record writes N seconds of 16 kHz mono and removes its spool', async (t) => {
  if (!(await requireVirtualMic(t))) return;
  const dir = await mkdtemp(join(tmpdir(), 'verba-record-'));
  try {
    const out = join(dir, 'take.wav');
    const spoolDir = join(dir, 'spool');
    const { stderr } = await verba('record', '--seconds', '1.5', '--out', out, '--spool-dir', spoolDir);
    assert.match(stderr, /Recorded 1\.50 s/);
    const audio = await loadAudioFile(out);
    assert.equal(audio.samples.length, 24000);
    assert.deepEqual(await readdir(spoolDir), []);
    const { stdout } = await verba('record', '--recover', '--spool-dir', spoolDir);
    assert.match(stdout, /No unsaved recordings/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('verba record refuses bad arguments with one line (a usage error: exit 2)', async () => {
  for (const args of [
    ['--out', 'x.wav'],
    ['--seconds', '-2', '--out', 'x.wav'],
    ['--seconds', '1'],
    ['--seconds', '1', '--out', 'x.wav', '--device', 'mic'],
  ]) {
    await assert.rejects(
      verba('record', ...args),
      (e: { code: number; stderr: string }) => e.code === 2 && /^verba: .+--help.+\n$/.test(e.stderr),
    );
  }
});

test('verba record without a usable microphone says why and leaves no spool behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-record-none-'));
  try {
    const spoolDir = join(dir, 'spool');
    const failed = run(
      process.execPath,
      [
        'electron/cli/verba.ts',
        'record',
        '--seconds',
        '1',
        '--out',
        join(dir, 'x.wav'),
        '--spool-dir',
        spoolDir,
        '--device',
        '999',
      ],
      { cwd: REPO_ROOT },
    );
    await assert.rejects(
      failed,
      (e: { code: number; stderr: string }) =>
        e.code === 1 && /^verba: The microphone cannot be used: there is no microphone with id 999\.\n$/.test(e.stderr),
    );
    assert.deepEqual(await readdir(spoolDir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
