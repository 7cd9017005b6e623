import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { VerbaError } from '../electron/common/result.ts';
import { isTrustedPageUrl } from '../electron/main/window-security.ts';
import { createServices } from '../electron/node/app/create-services.ts';
import { forkInferenceHost } from '../electron/utility/fork-host.ts';
import { audioCases } from '../electron/node/testing/bad-input/audio-cases.ts';
import { checkpointCases } from '../electron/node/testing/bad-input/checkpoint-cases.ts';
import { sentenceProblem, type BadInputCase } from '../electron/node/testing/bad-input/corpus.ts';
import { ipcCases } from '../electron/node/testing/bad-input/ipc-cases.ts';
import { textCases } from '../electron/node/testing/bad-input/text-cases.ts';
import { convertedSewdFixture } from '../electron/node/testing/fixtures.ts';
import { requireTools } from '../electron/node/testing/media.ts';

const page = '/opt/Verba/resources/app.asar/out/renderer/index.html';
/** Electron hands main the sender frame's URL; ipc.ts serves only Verba's page (window-security.ts). */
const frameCases: BadInputCase[] = [
  {
    group: 'ipc',
    name: 'calls from frames that are not Verba’s page are not trusted',
    run: async () =>
      [
        'https://evil.example/',
        pathToFileURL('/tmp/evil.html').href,
        `${pathToFileURL(page).href}/../../../../tmp/evil.html`,
        'data:text/html,<script>verba.exportWords()</script>',
        'blob:file:///0b0e-uuid',
        'about:srcdoc',
        'devtools://devtools/bundled/inspector.html',
        'chrome-extension://abcdefghijklmnop/page.html',
        'http://localhost:5173/',
      ].filter((url) => isTrustedPageUrl(url, { file: page })),
    accept: (trusted) => assert.deepEqual(trusted, []),
  },
];

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'verba-corpus-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** The refusal as { code, message }, whether thrown (VerbaError) or returned (an IPC Result). */
function refusal(outcome: { value?: unknown; error?: unknown }): { code: string; message: string } | null {
  if (outcome.error instanceof VerbaError) return { code: outcome.error.code, message: outcome.error.message };
  const result = outcome.value as { ok?: boolean; error?: { name: string; message: string } } | undefined;
  if (result?.ok === false && result.error !== undefined)
    return { code: result.error.name, message: result.error.message };
  return null;
}

async function check(c: BadInputCase, dir: string): Promise<string | null> {
  let outcome: { value?: unknown; error?: unknown };
  try {
    outcome = { value: await c.run(dir) };
  } catch (error) {
    outcome = { error };
  }
  const refused = refusal(outcome);
  if (c.refuse !== undefined) {
    if (refused === null)
      return outcome.error !== undefined ? `crashed instead of refusing: ${String(outcome.error)}` : 'was accepted';
    if (refused.code !== c.refuse.code) return `refused as ${refused.code}, not ${c.refuse.code}: ${refused.message}`;
    const problem = sentenceProblem(refused.message);
    if (problem !== null) return `its message is not one clear sentence (${problem}): ${refused.message}`;
    if (c.refuse.says !== undefined && !c.refuse.says.test(refused.message)) return `said: ${refused.message}`;
    const left = await readdir(join(dir, 'out')).catch(() => []);
    if (left.length > 0) return `left ${left.join(', ')} behind`;
    return null;
  }
  if (refused !== null || outcome.error !== undefined)
    return `was refused: ${refused?.message ?? String(outcome.error)}`;
  try {
    c.accept?.(outcome.value);
  } catch (error) {
    return `gave a wrong result: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

test('the bad-input corpus: every case is refused with one sentence or handled correctly, nothing is left behind', async (t) => {
  if (!requireTools(t, 'sox')) return;
  const host = forkInferenceHost();
  const spoolDir = join(root, 'spool');
  const services = createServices({
    appVersion: '0.0.0-test',
    emit: () => undefined,
    host,
    spoolDir,
    settingsPath: join(root, 'settings', 'text-settings.json'),
    libraryDir: join(root, 'library'),
    cacheDir: join(root, 'cache'),
  });
  const model = await convertedSewdFixture();
  t.after(() => host.stop());
  const cases = [
    ...audioCases(),
    ...checkpointCases(),
    ...textCases(),
    ...ipcCases(services, { spoolDir, model }),
    ...frameCases,
  ];
  const failures: string[] = [];
  const groups = new Map<string, number>();
  for (const [i, c] of cases.entries()) {
    const problem = await check(c, join(root, String(i)));
    groups.set(c.group, (groups.get(c.group) ?? 0) + 1);
    if (problem !== null) failures.push(`${c.group}: ${c.name} ${problem}`);
  }
  const summary = `bad-input corpus: ${cases.length} cases (${[...groups].map(([g, n]) => `${g} ${n}`).join(', ')}), ${cases.length - failures.length} handled`;
  t.diagnostic(summary);
  console.log(summary);
  assert.deepEqual(failures, []);
});
