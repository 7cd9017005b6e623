import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { VerbaError, toErrorValue } from '../../common/result.ts';
import { probeAudioFile } from '../../node/audio/load-audio.ts';
import { DEFAULT_MODEL_ID } from '../../node/models/hub.ts';
import { FileTranscriber } from '../../node/engine/file-transcriber.ts';
import { CTC_DECODING_DEFAULTS } from '../../common/defaults.ts';
import { TRANSCRIPT_FORMATS, type TranscriptFormat } from '../../common/transcript-format.ts';
import { exportTranscript } from '../../node/export/transcript-export.ts';
import { DEVICE_REQUESTS, type DeviceRequest } from '../../node/onnx/ort.ts';
import type { CliCommand } from '../cli-types.ts';
import { MODEL_VARIANTS, type ModelVariant } from '../../node/convert/manifest.ts';
import { EXIT_FAILURE, EXIT_OK } from '../cli-errors.ts';
import { planOutputs, writeTranscript } from './transcribe-outputs.ts';
import { TEXT_OPTIONS, TEXT_OPTIONS_USAGE, textSettingsFromOptions } from './format.ts';
import { openLibrary, saveTranscript, titleOf } from '../library-cli.ts';

const usage = `Usage: verba transcribe <audio...> [--model <dir|hf-dir|hub-id>] [--format txt|md|srt|vtt|json|docx] [--save] [--device auto|cpu|webgpu|cuda|dml|coreml] [--variant fp32|int8|fp16] [--threads N] [--out <path>]
         [--decoder greedy|beam] [--beam-width N] [--lm FILE.arpa] [--no-vad-cuts] [--raw] [text options]

Transcribes audio files (wav, mp3, m4a, ogg, opus, flac, webm, …) with SEW-D. --model takes a converted
model directory, a Hugging Face checkpoint directory (converted once into the cache) or a hub id
(default ${DEFAULT_MODEL_ID}, downloaded once into the cache; offline, the demo model shipped in
models/verba-demo-sewd, which only understands synthetic voices). Long files are processed in overlapping
windows of up to 20 s, cut in pauses found by Silero VAD (--no-vad-cuts: at the quietest moment instead).
--variant converts a checkpoint or hub model to that numeric variant (int8: faster on CPUs; fp16: for
GPU providers), each cached on its own; a converted directory must already hold the variant asked for.
--out is a file for one input; with several inputs it is a folder (created when missing) that gets one
<name>.<format> per input (-2, -3, … added when names repeat). Without --out transcripts go to stdout;
several --format json transcripts there are JSON Lines (one document per line). A file that cannot be
read is reported and the others still run. Exit status: 0 all done, 1 some input failed, 2 usage error.
--save also stores each transcript in the library the app shows (see verba history; the library is in
the user data folder, or $VERBA_DATA_DIR/library when that is set). md and docx are meeting notes.

--decoder beam decodes with a CTC prefix beam search (--beam-width, default ${CTC_DECODING_DEFAULTS.beamWidth}) that favours the
vocabulary of --replacements / --settings (your words) and, with --lm, a word n-gram language model in
ARPA format (KenLM's text output). --beam-width and --lm imply --decoder beam. The default is greedy.

The text layer (spoken commands, casing, punctuation, digits, your words) turns SEW-D's upper-case letters
into writing; --raw prints the recogniser's words as they are. Text options:
${TEXT_OPTIONS_USAGE}`;

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        model: { type: 'string' },
        format: { type: 'string', default: 'txt' },
        device: { type: 'string', default: 'cpu' },
        variant: { type: 'string' },
        threads: { type: 'string' },
        out: { type: 'string' },
        raw: { type: 'boolean', default: false },
        'vad-cuts': { type: 'boolean', default: true },
        decoder: { type: 'string' },
        'beam-width': { type: 'string' },
        lm: { type: 'string' },
        save: { type: 'boolean', default: false },
        ...TEXT_OPTIONS,
      },
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
    if (positionals.length === 0)
      throw new VerbaError(
        'BadArgument',
        'verba transcribe needs at least one audio file; run `verba transcribe --help`.',
      );
    const format = values.format as TranscriptFormat;
    if (!TRANSCRIPT_FORMATS.includes(format))
      throw new VerbaError('BadArgument', `--format takes ${TRANSCRIPT_FORMATS.join(', ')}, not "${values.format}".`);
    const device = values.device as DeviceRequest;
    if (!DEVICE_REQUESTS.includes(device))
      throw new VerbaError('BadArgument', `--device takes ${DEVICE_REQUESTS.join(', ')}, not "${values.device}".`);
    const variant = values.variant as ModelVariant | undefined;
    if (variant !== undefined && !MODEL_VARIANTS.includes(variant))
      throw new VerbaError('BadArgument', `--variant takes ${MODEL_VARIANTS.join(', ')}, not "${values.variant}".`);
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0))
      throw new VerbaError('BadArgument', `--threads takes a whole number, not "${values.threads}".`);

    const beam = beamOptions(values);
    // Settings are read before any audio is touched, so a bad words file fails fast.
    const settings = !values.raw || beam !== null ? textSettingsFromOptions(values) : null;
    // Outputs and inputs are checked before any model is downloaded, converted or loaded.
    const outputs = await planOutputs(positionals, values.out, format, TRANSCRIPT_FORMATS);
    let failures = 0;
    const report = (error: unknown) => {
      failures++;
      process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}verba: ${toErrorValue(error).message}\n`);
    };
    const readable: number[] = [];
    for (const [i, file] of positionals.entries()) await probeAudioFile(file).then(() => readable.push(i), report);
    if (readable.length === 0) return EXIT_FAILURE;

    // Opened before any audio is decoded, so a library that cannot be opened fails fast.
    const library = values.save ? await openLibrary() : null;
    const transcriber = await FileTranscriber.open({
      ...(values.model !== undefined ? { model: values.model } : {}),
      device,
      ...(variant !== undefined ? { variant } : {}),
      ...(threads !== undefined ? { threads } : {}),
      vadCuts: values['vad-cuts'],
      beam,
      notice: (line) => process.stderr.write(line),
    });
    try {
      for (const i of readable) {
        const file = positionals[i]!;
        const showProgress = process.stderr.isTTY;
        try {
          const transcript = await transcriber.transcribe(file, {
            settings,
            raw: values.raw,
            ...(showProgress
              ? {
                  onProgress: (s: number) =>
                    process.stderr.write(
                      `\r${basename(file)}: ${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')} transcribed`,
                    ),
                }
              : {}),
          });
          if (showProgress) process.stderr.write('\n');
          if (library !== null) await saveTranscript(library, transcript, file, beam);
          const meta = { title: titleOf(file), createdAt: Date.now() };
          await writeTranscript(outputs, i, await exportTranscript(transcript, format, meta), () =>
            JSON.stringify(transcript),
          );
        } catch (error) {
          // One bad file (corrupt, not audio, unwritable output) does not stop the others.
          report(error);
        }
      }
    } finally {
      library?.close();
      await transcriber.release();
    }
    return failures > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

/** --decoder / --beam-width / --lm → beam settings, or null for greedy. */
function beamOptions(values: {
  decoder?: string | undefined;
  'beam-width'?: string | undefined;
  lm?: string | undefined;
}): { width: number; lm?: string } | null {
  const { decoder, lm } = values;
  const widthText = values['beam-width'];
  if (decoder !== undefined && decoder !== 'greedy' && decoder !== 'beam')
    throw new VerbaError('BadArgument', `--decoder takes greedy or beam, not "${decoder}".`);
  const wantsBeam = widthText !== undefined || lm !== undefined;
  if (decoder === 'greedy' && wantsBeam)
    throw new VerbaError('BadArgument', '--beam-width and --lm need --decoder beam, not greedy.');
  if (decoder !== 'beam' && !wantsBeam) return null;
  const width = widthText === undefined ? CTC_DECODING_DEFAULTS.beamWidth : Number(widthText);
  if (!(Number.isInteger(width) && width >= 1))
    throw new VerbaError('BadArgument', `--beam-width takes a whole number of at least 1, not "${widthText}".`);
  return lm === undefined ? { width } : { width, lm };
}
