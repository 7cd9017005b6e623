/**
 * Audio benchmarks (prints figures, asserts nothing): decode + resample speed for 10-minute mp3 and
 * flac files, capture start latency on the virtual microphone, Silero VAD cost per second of audio.
 * Needs espeak-ng and ffmpeg; the capture part needs PulseAudio (.ci/virtual-mic.sh is run for it).
 *
 *   npm run bench:audio
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { loadAudioFile, streamAudioFile } from '../audio/load-audio.ts';
import { Microphone } from '../audio/microphone.ts';
import { VIRTUAL_MIC_SCRIPT } from '../testing/media.ts';
import { SileroVad } from '../audio/vad.ts';

const run = promisify(execFile);
const line = (text: string) => process.stdout.write(`${text}\n`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** One measurement per fresh process, so the RSS figure is that decode's alone. */
async function decodeOne(file: string): Promise<void> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const t0 = performance.now();
  let samples = 0;
  for await (const chunk of streamAudioFile(file)) {
    samples += chunk.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const streamed = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const whole = await loadAudioFile(file);
  const loaded = (performance.now() - t1) / 1000;
  process.stdout.write(
    JSON.stringify({
      audio: samples / SAMPLE_RATE,
      streamed,
      loaded,
      wholeDuration: whole.duration,
      rssGrowth: peak - before,
    }),
  );
}

async function decodeBench(dir: string, speech: string): Promise<void> {
  for (const [ext, codec] of [
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '128k']],
    ['flac', ['-c:a', 'flac']],
  ] as const) {
    const file = join(dir, `ten-minutes.${ext}`);
    // 10 minutes of looped speech at 44.1 kHz stereo, the shape of a typical recording.
    await run('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-stream_loop',
      '-1',
      '-i',
      speech,
      '-t',
      '600',
      '-ar',
      '44100',
      '-ac',
      '2',
      ...codec,
      file,
    ]);
    const size = (await stat(file)).size;
    const { stdout } = await run(process.execPath, [fileURLToPath(import.meta.url), 'decode-one', file], {
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(stdout) as { audio: number; streamed: number; loaded: number; rssGrowth: number };
    line(
      `decode+resample ${ext} (${mb(size)}, 44.1 kHz stereo → 16 kHz mono, ${r.audio.toFixed(1)} s): streamed ${(r.audio / r.streamed).toFixed(0)}× real time ` +
        `(RSS +${mb(r.rssGrowth)}); loadAudioFile ${(r.audio / r.loaded).toFixed(0)}× real time`,
    );
  }
}

async function captureBench(): Promise<void> {
  try {
    await run('sh', [VIRTUAL_MIC_SCRIPT]);
  } catch (error) {
    line(`capture latency: skipped (virtual microphone unavailable: ${(error as Error).message.split('\n')[0]})`);
    return;
  }
  const measure = async (label: string) => {
    const opens: number[] = [];
    const firsts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const mic = await Microphone.open();
      opens.push(performance.now() - t0);
      await new Promise<void>((resolve) => mic.once('frame', () => resolve()));
      firsts.push((mic.firstAudioAt ?? performance.now()) - mic.openedAt);
      await mic.stop();
    }
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    line(`capture start latency, ${label}: open() ${fmt(opens)} ms; open → first audio ${fmt(firsts)} ms`);
  };
  await measure('idle PulseAudio null sink');
  // A player already attached makes the null sink clock at low latency, as a real sound card does.
  const keepAlive = spawn('pacat', ['--device=vmic', '--latency-msec=20', '/dev/zero'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  try {
    await measure('null sink with an active 20 ms stream');
  } finally {
    keepAlive.kill();
  }
}

async function vadBench(speech: string): Promise<void> {
  const { samples } = await loadAudioFile(speech);
  const minute = new Float32Array(60 * SAMPLE_RATE);
  for (let at = 0; at < minute.length; at += samples.length + SAMPLE_RATE)
    minute.set(samples.subarray(0, Math.min(samples.length, minute.length - at)), at);
  const vad = await SileroVad.load();
  await vad.segments(minute.subarray(0, SAMPLE_RATE)); // warm-up
  const t0 = performance.now();
  const segments = await vad.segments(minute);
  const ms = performance.now() - t0;
  line(
    `Silero VAD v5 (CPU, 1 thread): ${(ms / 60).toFixed(2)} ms per second of audio = ${((60 * 1000) / ms).toFixed(0)}× real time (${segments.length} segments in 60 s)`,
  );
  await vad.release();
}

if (process.argv[2] === 'decode-one') {
  await decodeOne(process.argv[3] ?? '');
} else {
  const dir = await mkdtemp(join(tmpdir(), 'verba-audio-bench-'));
  try {
    const speech = join(dir, 'speech.wav');
    await run('espeak-ng', [
      '-w',
      speech,
      'Benchmarks measure what the audio path costs, so that nobody has to guess. This sentence repeats for ten minutes.',
    ]);
    line(`# audio benchmarks (Node ${process.versions.node}, ${process.platform}-${process.arch})`);
    await decodeBench(dir, speech);
    await vadBench(speech);
    await captureBench();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
