#!/usr/bin/env node
/**
 * The `verba` command. Subcommands live in ./commands/<name>.ts and are loaded on demand so that
 * `verba --help` and `verba format` start fast (no onnxruntime, no PortAudio).
 */
import { toErrorValue } from '../common/result.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, usageMessage } from './cli-errors.ts';
import type { CliCommand } from './cli-types.ts';

const COMMANDS: Record<string, string> = {
  convert: 'Convert a Hugging Face SEW-D / SEW / wav2vec 2.0 CTC checkpoint to ONNX',
  transcribe: 'Transcribe audio files to text, Markdown notes, SRT, VTT, JSON or Word (--save keeps them)',
  history: 'List and search the saved transcripts',
  export: 'Export a saved transcript to text, Markdown notes, SRT, VTT, JSON or Word',
  format: 'Turn recogniser output (uppercase words on stdin) into written text',
  devices: 'List microphones and inference devices',
  record: 'Record from a microphone to a WAV file',
  bench: 'Benchmark the engine on real-size random checkpoints',
  dictate: 'Push-to-talk dictation into the focused app (hold a hotkey, speak, let go)',
  ctl: 'Control the running dictation: start, stop, toggle, cancel, status',
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'Usage: verba <command> [options]',
    '',
    'Verba: private, local dictation and transcription with SEW-D.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `verba <command> --help` for the options of a command. Add --verbose to see stack traces.',
    'Exit status: 0 done, 1 something failed (each failure is one line on stderr), 2 a usage error.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    process.stdout.write(`${pkg.version}\n`);
    return EXIT_OK;
  }
  if (!(name in COMMANDS)) {
    process.stderr.write(`verba: unknown command "${name}". Run \`verba --help\` to see the commands.\n`);
    return EXIT_USAGE;
  }
  const { command } = (await import(`./commands/${name}.ts`)) as { command: CliCommand };
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest.filter((a) => a !== '--verbose'));
  } catch (error) {
    const usage = usageMessage(name, error);
    if (usage === null) throw error;
    process.stderr.write(`verba: ${usage}\n`);
    return EXIT_USAGE;
  }
}

const verbose = process.argv.includes('--verbose');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`verba: ${toErrorValue(error).message}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
