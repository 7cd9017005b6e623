/**
 * Which spools are orphans: pids are reused after a power cut (and a restarted container hands out the
 * same pid again), so neither "the pid is alive" nor "the pid is ours" may hide a crashed recording.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AUDIO_DEFAULTS } from '../../common/defaults.ts';
import { currentBoot } from './boot-id.ts';
import { SpoolWriter, discardSpool, listOrphanedSpools } from './spool.ts';
import { REPO_ROOT } from '../testing/media.ts';

/** A boot token of the same kind as this machine's, naming a different boot. */
function otherBoot(): string {
  const boot = currentBoot();
  if (!boot.startsWith('t')) return randomBytes(16).toString('hex');
  return `t${Number(boot.slice(1)) - 100 * AUDIO_DEFAULTS.bootTimeToleranceS}`;
}

/** A node process that stays alive (a live pid that is not ours). */
async function liveProcess(): Promise<{ pid: number; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { pid: child.pid!, kill: () => (child.kill('SIGKILL'), exited) };
}

describe('spool ownership', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verba-spool-owner-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('on Linux the boot in spool names is the kernel boot_id', async (t) => {
    if (process.platform !== 'linux') return t.skip('boot_id exists on Linux only');
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'ascii').trim().replaceAll('-', '');
    const spool = await SpoolWriter.create(join(dir, 'name'));
    await spool.close();
    assert.match(basename(spool.path), new RegExp(`^spool-\\d+-${process.pid}-${bootId}-[0-9a-f]{8}\\.wav$`));
    await discardSpool(spool.path);
  });

  test('spools named with our own pid that this process did not create are orphans', async () => {
    const spoolDir = join(dir, 'our-pid');
    await mkdir(spoolDir, { recursive: true });
    const names = [
      // Same pid in an earlier boot (power cut, then the sandbox gave us the same pid).
      `spool-1700000000000-${process.pid}-${otherBoot()}-0badf00d.wav`,
      // Same pid in this boot: a restarted container's earlier incarnation.
      `spool-1700000000001-${process.pid}-${currentBoot()}-0badf00e.wav`,
      // A name from before the boot was recorded.
      `spool-1700000000002-${process.pid}-0badf00f.wav`,
    ];
    for (const name of names) await writeFile(join(spoolDir, name), Buffer.alloc(44 + 64));
    const found = await listOrphanedSpools(spoolDir);
    assert.deepEqual(
      found.map((s) => basename(s.path)),
      names,
    );
    assert.deepEqual(
      found.map((s) => s.duration),
      [16 / 16000, 16 / 16000, 16 / 16000],
    );
  });

  test('a live pid from another boot does not hide a spool; from this boot (or an old name) it does', async () => {
    const spoolDir = join(dir, 'live-pid');
    await mkdir(spoolDir, { recursive: true });
    const live = await liveProcess();
    try {
      const earlier = `spool-1700000000000-${live.pid}-${otherBoot()}-00000001.wav`;
      const current = `spool-1700000000001-${live.pid}-${currentBoot()}-00000002.wav`;
      const legacy = `spool-1700000000002-${live.pid}-00000003.wav`;
      for (const name of [earlier, current, legacy]) await writeFile(join(spoolDir, name), Buffer.alloc(44));
      assert.deepEqual(
        (await listOrphanedSpools(spoolDir)).map((s) => basename(s.path)),
        [earlier],
      );
      await live.kill();
      assert.deepEqual(
        (await listOrphanedSpools(spoolDir)).map((s) => basename(s.path)),
        [earlier, current, legacy],
      );
    } finally {
      await live.kill();
    }
  });

  test("another recorder's spool is left alone while it runs and is an orphan once it is killed", async () => {
    const spoolDir = join(dir, 'other-recorder');
    const script = `import { SpoolWriter } from './electron/node/audio/spool.ts';
      const s = await SpoolWriter.create(${JSON.stringify(spoolDir)}); s.append(new Float32Array(16000));
      process.stdout.write(s.path + '\\n'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const path = await new Promise<string>((resolve) =>
        child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
      );
      assert.deepEqual(await readdir(spoolDir), [basename(path)]);
      assert.deepEqual(await listOrphanedSpools(spoolDir), []);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      assert.deepEqual(
        (await listOrphanedSpools(spoolDir)).map((s) => [s.path, s.pid]),
        [[path, child.pid]],
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  test("this process's own spools are not orphans, closed or not, until discarded", async () => {
    const spoolDir = join(dir, 'own');
    const open = await SpoolWriter.create(spoolDir);
    const closed = await SpoolWriter.create(spoolDir);
    await closed.close();
    assert.deepEqual(await listOrphanedSpools(spoolDir), []);
    await open.close();
    await discardSpool(open.path);
    await discardSpool(closed.path);
    assert.deepEqual(await readdir(spoolDir), []);
  });
});
