import type { TextSettings } from '../../common/text-settings.ts';
import type { FormatTextRequest } from '../../common/ipc-types.ts';
import { formatTranscriptText } from '../text/text-formatter.ts';

/** Recogniser words → written text with the user's settings, overridden by the request's switches. */
export async function formatText(request: FormatTextRequest, settings: TextSettings): Promise<string> {
  return formatTranscriptText(request.text, {
    ...settings,
    ...(request.commands !== undefined ? { commands: request.commands } : {}),
    ...(request.digits !== undefined ? { digits: request.digits } : {}),
  });
}
