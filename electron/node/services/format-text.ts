import { DEFAULT_TEXT_SETTINGS } from '../../common/text-settings.ts';
import type { FormatTextRequest } from '../../common/ipc-types.ts';
import { formatTranscriptText } from '../text/format-transcript.ts';

/** Recogniser words → written text with the default settings, overridden by the request's switches. */
export async function formatText(request: FormatTextRequest): Promise<string> {
  return formatTranscriptText(request.text, {
    ...DEFAULT_TEXT_SETTINGS,
    ...(request.commands !== undefined ? { commands: request.commands } : {}),
    ...(request.digits !== undefined ? { digits: request.digits } : {}),
  });
}
