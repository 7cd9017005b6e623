import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { defaultSpoolDir, discardSpool, listOrphanedSpools, recoverSpool } from '../../node/audio/spool.ts';
import { Capture, type CaptureEnd } from '../../node/dictation/capture.ts';
import { type WavSampleFormat, writeWavFile } from '../../node/audio/wav-file.ts';
import type { CliCommand } from '../cli-types.ts';

const usage = `Usage: verba record --seconds N --out file.wav [--device id] [--float] [--spool-dir dir]
       verba record --recover [--spool-dir dir]

Records N seconds from a microphone (default: the system default; ids from \`verba devices\`) to a
16 kHz mono WAV (16-bit, or 32-bit float with --float). While recording, audio is spooled to disk so a
crash loses at most about a second; --recover turns recordings left by a crash into playable WAV files
and prints their paths (transcribe them, then delete them).`;

async function recover(dir: string): Promise<number> {
  const spools = await listOrphanedSpools(dir);
  if (spools.length === 0) {
    process.stdout.write(`No unsaved recordings in ${dir}.\n`);
    return 0;
  }
  for (const spool of spools) {
    const { samples, sampleRate } = await recoverSpool(spool.path);
    process.stdout.write(
      `${spool.path}\t${(samples.length / sampleRate).toFixed(2)} s\trecorded ${new Date(spool.startedAt).toISOString()}\n`,
    );
  }
  return 0;
}

/** parseArgs explains mistakes over several lines; the CLI promises one. */
function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid arguments';
    throw new VerbaError('BadArguments', `${first.replace(/\.$/, '')} (see \`verba record --help\`).`);
  }
}

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values } = parseOptions(() =>
      parseArgs({
        args,
        options: {
          seconds: { type: 'string' },
          out: { type: 'string' },
          device: { type: 'string' },
          float: { type: 'boolean', default: false },
          'spool-dir': { type: 'string' },
          recover: { type: 'boolean', default: false },
        },
        strict: true,
      }),
    );
    const spoolDir = values['spool-dir'] ?? defaultSpoolDir();
    if (values.recover) return recover(spoolDir);
    const seconds = Number(values.seconds);
    if (values.seconds === undefined || !Number.isFinite(seconds) || seconds <= 0)
      throw new VerbaError('BadArguments', '--seconds must be a positive number of seconds.');
    if (values.out === undefined) throw new VerbaError('BadArguments', '--out <file.wav> is required.');
    const deviceId = values.device === undefined ? -1 : Number(values.device);
    if (!Number.isInteger(deviceId))
      throw new VerbaError(
        'BadArguments',
        `--device must be a device id from \`verba devices\`, not "${values.device}".`,
      );
    const format: WavSampleFormat = values.float ? 'float32' : 'int16';
    const out = values.out;

    const orphans = await listOrphanedSpools(spoolDir);
    if (orphans.length > 0)
      process.stderr.write(
        `verba: ${orphans.length} unsaved recording(s) from an earlier crash are in ${spoolDir}; run \`verba record --recover\` to get them.\n`,
      );

    const target = Math.round(seconds * SAMPLE_RATE);
    let ended: (end: CaptureEnd) => void = () => undefined;
    const done = new Promise<CaptureEnd>((resolve) => (ended = resolve));
    const capture = await Capture.start({ spoolDir, deviceId, maxSamples: target, onEnd: (end) => ended(end) });
    const end = await done;
    const { spoolPath, samples: written } = await capture.stop();
    const mic = capture.microphone;
    // The spool stays (it is the only copy); `verba record --recover` gets it once there is room.
    if (end.reason === 'failed') throw end.error;
    const pcm = await recoverSpool(spoolPath);
    await writeWavFile(out, pcm, format);
    // The WAV is stored: only now may the spool go.
    await discardSpool(spoolPath);
    process.stderr.write(
      `Recorded ${(pcm.samples.length / SAMPLE_RATE).toFixed(2)} s from "${mic.device.name}" (${mic.sourceSampleRate} Hz) to ${out}.\n`,
    );
    if (end.reason === 'lost')
      throw new VerbaError(
        'DeviceLost',
        `The microphone stopped after ${(written / SAMPLE_RATE).toFixed(2)} s (${end.message}); what was recorded is saved in ${out}.`,
      );
    return 0;
  },
};
