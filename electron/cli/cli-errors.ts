/**
 * The CLI's exit-code scheme, in one place: 0 done, 1 a failure (bad audio, a missing file, no model),
 * 2 a usage error (unknown option, bad value, missing argument), which always points to `--help`.
 * Commands throw `usageError(...)` (or let parseArgs throw); verba.ts turns either into one sentence.
 *
 *   if (!ok) throw usageError('--format takes txt, json, srt, vtt, md, not "pdf".');
 */
import { VerbaError } from '../common/result.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** VerbaError codes the commands use for a mistake in the command line. */
const USAGE_CODES = new Set(['BadArgument', 'BadArguments', 'InvalidArguments']);

export const usageError = (message: string) => new VerbaError('BadArgument', message);

/**
 * The one sentence for a usage error of `verba <command>` (null when `error` is not one): parseArgs
 * explains mistakes over several lines, so its first sentence is kept and the pointer to --help added.
 */
export function usageMessage(command: string, error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  const isParseArgs = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
  if (!isParseArgs && !(error instanceof VerbaError && USAGE_CODES.has(error.code))) return null;
  const message = error instanceof Error ? error.message : String(error);
  const first = isParseArgs ? (message.split(/\.\s|\n/)[0] ?? message).replace(/\.$/, '') + '.' : message;
  if (/--help/.test(first)) return first;
  return `${first} Run \`verba ${command} --help\` for the options.`;
}
