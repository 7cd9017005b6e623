/**
 * What can be checked of the installers without Electron's binary (which this machine cannot download):
 * build/electron-builder.yml's targets and macOS permissions, which files it would pack, and that every
 * file read by native code, a child process or by path at run time is unpacked from app.asar.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, matchesGlob, relative, sep } from 'node:path';
import test from 'node:test';
import { load } from 'js-yaml';

const ROOT = join(import.meta.dirname, '..');
const config = load(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')) as {
  files: string[];
  asarUnpack: string[];
  linux: { target: string[] };
  mac: { target: string; hardenedRuntime: boolean; entitlements: string; extendInfo: Record<string, string> };
  win: { target: string };
};

const posix = (p: string) => p.split(sep).join('/');
function filesUnder(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (statSync(abs).isFile()) return [posix(dir)];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => posix(relative(ROOT, join(e.parentPath, e.name))));
}

/** electron-builder's rule: a file is packed when a pattern matches it and no later '!' pattern excludes it. */
function packed(file: string): boolean {
  let keep = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (matchesGlob(file, pattern.slice(1))) keep = false;
    } else if (matchesGlob(file, pattern)) keep = true;
  }
  return keep;
}
const unpacked = (file: string) => config.asarUnpack.some((pattern) => matchesGlob(file, pattern));

/** Every resourcePath('…') the shipped code reads, and the catalog's bundled models. */
function runtimeResources(): string[] {
  const found = new Set<string>();
  for (const file of filesUnder('electron').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/resourcePath\('([^']+)'\)/g)) found.add(m[1]!);
  }
  const catalog = JSON.parse(readFileSync(join(ROOT, 'models/catalog.json'), 'utf8')) as {
    models: { bundled?: string }[];
  };
  for (const model of catalog.models) if (model.bundled) found.add(model.bundled);
  return [...found];
}

test('installers for the three OSes, with the macOS permissions explained', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.equal(config.win.target, 'nsis');
  assert.equal(config.mac.target, 'dmg');
  assert.equal(config.mac.hardenedRuntime, true);
  assert.match(config.mac.extendInfo.NSMicrophoneUsageDescription ?? '', /microphone/);
  assert.match(config.mac.extendInfo.NSAppleEventsUsageDescription ?? '', /paste/);
  const entitlements = readFileSync(join(ROOT, config.mac.entitlements), 'utf8');
  for (const key of [
    'com.apple.security.device.audio-input',
    'com.apple.security.automation.apple-events',
    'com.apple.security.cs.disable-library-validation',
  ])
    assert.ok(entitlements.includes(`<key>${key}</key>`), key);
});

test('every file the app reads at run time is packed and unpacked from app.asar', () => {
  const resources = runtimeResources();
  assert.ok(resources.includes('models/verba-demo-sewd'), 'the offline default model is a resource');
  const problems: string[] = [];
  for (const resource of resources)
    for (const file of filesUnder(resource)) {
      if (!packed(file)) problems.push(`${file} is not packed`);
      else if (!unpacked(file)) problems.push(`${file} stays inside app.asar`);
    }
  assert.deepEqual(problems, []);
  console.log(`${resources.length} resources checked: ${resources.join(', ')}`);
});

test('native addons and onnxruntime libraries are unpacked; test data is not packed', () => {
  const natives = ['naudiodon', 'onnxruntime-node', 'uiohook-napi', 'segfault-handler'].flatMap((dep) =>
    filesUnder(`node_modules/${dep}`).filter((f) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(f)),
  );
  assert.ok(natives.some((f) => f.startsWith('node_modules/onnxruntime-node/') && f.endsWith('.node')));
  assert.ok(natives.some((f) => f.startsWith('node_modules/uiohook-napi/') && f.endsWith('.node')));
  assert.deepEqual(
    natives.filter((f) => !unpacked(f)),
    [],
  );
  for (const file of ['models/fixtures/sewd-test-public/config.json', 'models/samples/dictation.flac'])
    assert.equal(packed(file), false, file);
  for (const file of ['out/main/index.js', 'package.json', 'models/catalog.json'])
    assert.equal(packed(file), true, file);
  console.log(`${natives.length} native files unpacked`);
});
