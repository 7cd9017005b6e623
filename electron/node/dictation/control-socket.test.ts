import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../testing/media.ts';
import { type ControlCommand, controlSocketPath, sendControl, serveControl } from './control-socket.ts';

const run = promisify(execFile);

describe('control socket (verba ctl)', () => {
  it('serves commands to another process over a user-only socket; refuses a second server; replaces a stale socket', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'verba-ctl-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'run', 'verba-ctl.sock');
    assert.equal(controlSocketPath({ XDG_RUNTIME_DIR: '/run/user/7' }), '/run/user/7/verba-ctl.sock');
    const seen: ControlCommand[] = [];
    let phase = 'idle';
    const server = await serveControl((command) => {
      seen.push(command);
      if (command === 'start' || command === 'toggle') phase = 'listening';
      return phase;
    }, path);
    t.after(() => server.close());
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'run'))).mode & 0o777, 0o700);

    // The real CLI, as a compositor binding runs it.
    const env = { ...process.env, VERBA_CTL_SOCKET: path };
    const cli = join(REPO_ROOT, 'electron/cli/verba.ts');
    const { stdout } = await run(process.execPath, [cli, 'ctl', 'start'], { env });
    assert.equal(stdout.trim(), 'listening');
    assert.equal(await sendControl('status', path), 'listening');
    await assert.rejects(
      run(process.execPath, [cli, 'ctl', 'jump'], { env }),
      /unknown command "jump".*start, stop, toggle, cancel, status/s,
    );
    assert.deepEqual(seen, ['start', 'status']);

    await assert.rejects(
      serveControl(() => 'idle', path),
      /already listens on/,
    );
    await server.close();
    await assert.rejects(sendControl('stop', path), /Verba is not running/);

    // A socket file left by a crashed Verba is taken over.
    await rm(path, { force: true });
    await writeFile(path, '');
    const again = await serveControl(() => 'idle', path);
    assert.equal(await sendControl('cancel', path), 'idle');
    await again.close();
  });
});
