/** Transcription services: a recording → a written transcript, in the inference host. */
import type { TranscriptionServices } from '../../common/contract/transcription.ts';
import type { AppContext } from './context.ts';
import { transcribeInHost } from './host-calls.ts';

export function transcriptionServices(context: AppContext): TranscriptionServices {
  return {
    transcribeFile: async (request) => transcribeInHost(context.host, request, await context.settings.load()),
  };
}
