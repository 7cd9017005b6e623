import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import { DEFAULT_MODEL_ID } from '../../node/models/hub.ts';
import { FileTranscriber } from '../../node/engine/file-transcriber.ts';
import { CTC_DECODING_DEFAULTS } from '../../common/defaults.ts';
import { writeFileAtomic } from '../../node/export/write-atomic.ts';
import { TRANSCRIPT_FORMATS, type TranscriptFormat, formatTranscript } from '../../node/export/transcript-export.ts';
import { DEVICE_REQUESTS, type DeviceRequest } from '../../node/onnx/ort.ts';
import type { CliCommand } from '../cli-types.ts';
import { TEXT_OPTIONS, TEXT_OPTIONS_USAGE, textSettingsFromOptions } from './format.ts';

const usage = `Usage: verba transcribe <audio...> [--model <dir|hf-dir|hub-id>] [--format txt|json|srt|vtt|md] [--device auto|cpu|webgpu|cuda|dml|coreml] [--threads N] [--out <path>]
         [--decoder greedy|beam] [--beam-width N] [--lm FILE.arpa] [--no-vad-cuts] [--raw] [text options]

Transcribes audio files (wav, mp3, m4a, ogg, opus, flac, webm, …) with SEW-D. --model takes a converted
model directory, a Hugging Face checkpoint directory (converted once into the cache) or a hub id
(default ${DEFAULT_MODEL_ID}, downloaded once into the cache). Long files are processed in overlapping
windows of up to 20 s, cut in pauses found by Silero VAD (--no-vad-cuts: at the quietest moment instead).
With several inputs and --out, --out is a directory prefix: <out>/<name>.<format>.

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
        threads: { type: 'string' },
        out: { type: 'string' },
        raw: { type: 'boolean', default: false },
        'vad-cuts': { type: 'boolean', default: true },
        decoder: { type: 'string' },
        'beam-width': { type: 'string' },
        lm: { type: 'string' },
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
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0))
      throw new VerbaError('BadArgument', `--threads takes a whole number, not "${values.threads}".`);

    const beam = beamOptions(values);
    // Settings are read before any audio is touched, so a bad words file fails fast.
    const settings = !values.raw || beam !== null ? textSettingsFromOptions(values) : null;
    const transcriber = await FileTranscriber.open({
      ...(values.model !== undefined ? { model: values.model } : {}),
      device,
      ...(threads !== undefined ? { threads } : {}),
      vadCuts: values['vad-cuts'],
      beam,
      settings,
      raw: values.raw,
      notice: (line) => process.stderr.write(line),
    });
    try {
      for (const file of positionals) {
        const showProgress = process.stderr.isTTY;
        const transcript = await transcriber.transcribe(
          file,
          showProgress
            ? (s: number) =>
                process.stderr.write(
                  `\r${basename(file)}: ${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')} transcribed`,
                )
            : undefined,
        );
        if (showProgress) process.stderr.write('\n');
        const text = formatTranscript(transcript, format);
        if (values.out === undefined) process.stdout.write(text);
        else
          // Atomic: a crash or kill mid-write leaves the old file or the whole new one, never half of it.
          await writeFileAtomic(
            positionals.length === 1 ? values.out : `${values.out}/${basename(file).replace(/\.[^.]*$/, '')}.${format}`,
            text,
          );
      }
    } finally {
      await transcriber.release();
    }
    return 0;
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
