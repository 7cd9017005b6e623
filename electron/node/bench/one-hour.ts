/**
 * The one-hour figure: an hour of speech (espeak-ng sentences with pauses, repeated) written as a
 * WAV file, transcribed through the file path (decode → Silero VAD cuts → windows → greedy) with a
 * real-size sew-d-tiny int8 on N threads. A script, not a test (target: ≤ 45 s on 2 cores).
 *
 *   node electron/node/bench/one-hour.ts [--minutes 60] [--threads 2] [--variant int8] [--cache .bench]
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { writeWavFile } from '../audio/wav-file.ts';
import { convertCheckpoint } from '../convert/convert.ts';
import type { ModelVariant } from '../convert/manifest.ts';
import { FileTranscriber } from '../engine/file-transcriber.ts';
import { AGREEMENT_SENTENCES } from './variant-agreement.ts';
import { generateCheckpoint } from './sewd-checkpoint.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    threads: { type: 'string', default: '2' },
    variant: { type: 'string', default: 'int8' },
    cache: { type: 'string', default: '.bench' },
  },
});
const minutes = Number(values.minutes);
const variant = values.variant as ModelVariant;
const work = join(values.cache, 'one-hour');
await mkdir(work, { recursive: true });

// A minute-long loop of speech: each sentence, then 0.3–1.2 s of near-silence.
const parts: Float32Array[] = [];
for (const [i, text] of AGREEMENT_SENTENCES.entries()) {
  const raw = join(work, `s${i}.f32`);
  await run('sh', [
    '-c',
    `espeak-ng -v en-us -w ${work}/s${i}.wav "${text}" && sox ${work}/s${i}.wav -r 16000 -c 1 -e floating-point -b 32 -t raw ${raw}`,
  ]);
  const b = await readFile(raw);
  parts.push(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  parts.push(new Float32Array(Math.round((0.3 + 0.3 * i) * SAMPLE_RATE)).map((_, k) => 1e-3 * Math.sin(k)));
}
const loopLength = parts.reduce((s, p) => s + p.length, 0);
const total = Math.round(minutes * 60 * SAMPLE_RATE);
const samples = new Float32Array(total);
for (let at = 0, k = 0; at < total; k++) {
  const p = parts[k % parts.length]!;
  samples.set(p.subarray(0, Math.min(p.length, total - at)), at);
  at += p.length;
}
const wav = join(work, `speech-${minutes}min.wav`);
await writeWavFile(wav, { samples, sampleRate: SAMPLE_RATE });
process.stderr.write(`wrote ${minutes} min of speech (a ${(loopLength / SAMPLE_RATE).toFixed(1)} s loop) to ${wav}\n`);

const checkpoint = join(values.cache, 'sew-d-tiny', 'checkpoint');
if (!(await stat(join(checkpoint, 'model.safetensors')).catch(() => null)))
  await generateCheckpoint('tiny', checkpoint);
const model = join(work, `sew-d-tiny-${variant}`);
await convertCheckpoint(checkpoint, model, { variant });
const transcriber = await FileTranscriber.open({
  model,
  device: 'cpu',
  threads: Number(values.threads),
  vadCuts: true,
});
const t0 = performance.now();
await transcriber.transcribe(wav);
const seconds = (performance.now() - t0) / 1000;
await transcriber.release();
await rm(wav, { force: true });
const perHour = (seconds * 60) / minutes;
process.stdout.write(
  `${JSON.stringify({ minutes, variant, threads: Number(values.threads), seconds: Math.round(seconds * 10) / 10, secondsPerHour: Math.round(perHour * 10) / 10, xRealTime: Math.round((minutes * 60) / seconds) })}\n`,
);
