import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWavFile } from '../../node/audio/wav-file.ts';
import { readF32 } from '../../node/testing/fixtures.ts';
import type { Transcript } from '../../common/transcript.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = join(ROOT, 'models/fixtures/sewd-test-public');

function verba(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'electron/cli/verba.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VERBA_CACHE_DIR: join(tmpdir(), 'verba-cli-unused-cache') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Bad input ends with exit 1 (2: a usage error) and exactly one line on stderr, `verba: <sentence>`, no stack trace. */
function assertOneLineError(r: ReturnType<typeof verba>, pattern: RegExp, code = 1) {
  assert.equal(r.code, code, r.stderr);
  assert.match(r.stderr, /^verba: [^\n]+\n$/);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test('verba convert then verba transcribe a WAV: text and valid JSON', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-cli-'));
  try {
    const converted = verba('convert', FIXTURE, '--out', join(dir, 'model'));
    assert.equal(converted.code, 0, converted.stderr);
    const audio = await readF32(join(FIXTURE, 'reference/case0_audio.f32'));
    await writeWavFile(join(dir, 'speech.wav'), { samples: audio, sampleRate: 16_000 }, 'float32');
    const reference = JSON.parse(await readFile(join(FIXTURE, 'reference/manifest.json'), 'utf8')) as {
      cases: { greedy_text: string }[];
    };
    const expectedText = reference.cases[0]!.greedy_text.trim().split(/\s+/).join(' ');

    const raw = verba('transcribe', join(dir, 'speech.wav'), '--model', join(dir, 'model'), '--raw');
    assert.equal(raw.code, 0, raw.stderr);
    assert.equal(raw.stdout, `${expectedText}\n`);
    // The text layer writes the single recognised "word" in sentence case (no command in it).
    const txt = verba('transcribe', join(dir, 'speech.wav'), '--model', join(dir, 'model'));
    assert.equal(txt.code, 0, txt.stderr);
    assert.equal(txt.stdout, `${expectedText[0]}${expectedText.slice(1).toLowerCase()}\n`);
    const noCasing = verba('transcribe', join(dir, 'speech.wav'), '--model', join(dir, 'model'), '--no-casing');
    assert.equal(noCasing.stdout, `${expectedText.toLowerCase()}\n`);

    const json = verba(
      'transcribe',
      join(dir, 'speech.wav'),
      '--model',
      join(dir, 'model'),
      '--format',
      'json',
      '--raw',
      '--out',
      join(dir, 'speech.json'),
    );
    assert.equal(json.code, 0, json.stderr);
    const t = JSON.parse(await readFile(join(dir, 'speech.json'), 'utf8')) as Transcript;
    assert.deepEqual(Object.keys(t).sort(), ['device', 'duration_s', 'model', 'segments', 'text']);
    assert.equal(t.text, expectedText);
    assert.equal(t.duration_s, Math.round((audio.length / 16_000) * 1000) / 1000);
    assert.equal(t.model, 'model');
    assert.equal(t.device, 'cpu');
    assert.ok(t.segments.length > 0);
    let last = 0;
    for (const s of t.segments) {
      assert.deepEqual(Object.keys(s).sort(), ['end', 'start', 'text', 'words']);
      assert.equal(s.text, s.words.map((w) => w.word).join(' '));
      for (const w of s.words) {
        assert.deepEqual(Object.keys(w).sort(), ['confidence', 'end', 'start', 'word']);
        assert.ok(w.start >= last && w.end > w.start && w.end <= t.duration_s + 0.02, `${w.word} ${w.start}-${w.end}`);
        assert.ok(w.confidence > 0 && w.confidence <= 1);
        last = w.end;
      }
    }

    // Beam search of width 1 (no LM, no words) follows greedy's path: the very same transcript, timings
    // and confidences included, over a longer input cut into several windows (with or without VAD cuts).
    const long = new Float32Array(4 * audio.length + 3 * 16_000);
    for (let i = 0; i < 4; i++) long.set(audio, i * (audio.length + 16_000));
    await writeWavFile(join(dir, 'long.wav'), { samples: long, sampleRate: 16_000 }, 'float32');
    const asJson = (...extra: string[]) => {
      const r = verba(
        'transcribe',
        join(dir, 'long.wav'),
        '--model',
        join(dir, 'model'),
        '--format',
        'json',
        '--raw',
        ...extra,
      );
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as Transcript;
    };
    const greedy = asJson();
    assert.ok(
      greedy.duration_s > 20 && greedy.segments.length > 0,
      `${greedy.duration_s} s, ${greedy.segments.length} segments`,
    );
    assert.deepEqual(asJson('--decoder', 'beam', '--beam-width', '1'), greedy);
    assert.deepEqual(asJson('--beam-width', '1', '--no-vad-cuts'), asJson('--no-vad-cuts'));
    const wide = asJson('--decoder', 'beam');
    assert.ok(wide.segments.length > 0);
    for (const s of wide.segments) assert.equal(s.text, s.words.map((w) => w.word).join(' '));

    const srt = verba('transcribe', join(dir, 'speech.wav'), '--model', join(dir, 'model'), '--format', 'srt');
    assert.equal(srt.code, 0, srt.stderr);
    assert.match(srt.stdout, /^1\n00:00:\d\d,\d{3} --> 00:00:\d\d,\d{3}\n\S/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad input: non-audio file, missing model, corrupt model, bad checkpoint → one line, exit 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'verba-cli-'));
  try {
    assert.equal(verba('convert', FIXTURE, '--out', join(dir, 'model')).code, 0);
    await writeFile(join(dir, 'notes.txt'), 'these are not the samples you are looking for\n'.repeat(50));
    await writeWavFile(join(dir, 'ok.wav'), { samples: new Float32Array(16_000), sampleRate: 16_000 });
    assertOneLineError(
      verba('transcribe', join(dir, 'notes.txt'), '--model', join(dir, 'model')),
      /notes\.txt is not an audio or video file/,
    );
    assertOneLineError(verba('transcribe', join(dir, 'missing.wav'), '--model', join(dir, 'model')), /missing\.wav/);
    assertOneLineError(verba('transcribe', join(dir, 'ok.wav'), '--model', join(dir, 'nowhere')), /nowhere/);
    await writeFile(join(dir, 'model', 'model.onnx'), Buffer.from('not a protobuf at all'));
    assertOneLineError(
      verba('transcribe', join(dir, 'ok.wav'), '--model', join(dir, 'model')),
      /model\.onnx could not be loaded/,
    );
    assertOneLineError(
      verba('transcribe', join(dir, 'ok.wav'), '--model', join(dir, 'model'), '--format', 'pdf'),
      /--format takes txt, md, srt, vtt, json, docx.*Run `verba transcribe --help`/,
      2,
    );
    assertOneLineError(verba('convert', join(FIXTURE, 'reference'), '--out', join(dir, 'x')), /config\.json/);
    await writeFile(join(dir, 'bad.arpa'), '\\data\\\nngram 1=2\n\n\\1-grams:\n-1.0 HELLO\nthis is not arpa\n');
    assertOneLineError(
      verba('transcribe', join(dir, 'ok.wav'), '--model', join(dir, 'model'), '--lm', join(dir, 'bad.arpa')),
      /bad\.arpa is not valid ARPA/,
    );
    assertOneLineError(
      verba('transcribe', join(dir, 'ok.wav'), '--model', join(dir, 'model'), '--lm', join(dir, 'none.arpa')),
      /Cannot open the language model .*none\.arpa/,
    );
    assertOneLineError(
      verba('transcribe', join(dir, 'ok.wav'), '--decoder', 'greedy', '--beam-width', '4'),
      /--beam-width and --lm need --decoder beam/,
      2,
    );
    assertOneLineError(
      verba('transcribe', join(dir, 'ok.wav'), '--beam-width', '0'),
      /--beam-width takes a whole number/,
      2,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
