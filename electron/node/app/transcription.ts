/** Transcription services: a recording → a written transcript, in the inference host. */
import type { TranscriptionServices } from '../../common/contract/transcription.ts';
import type { AppContext } from './context.ts';
import { transcribeInHost } from './host-calls.ts';
import { modelInUse } from './models.ts';

export function transcriptionServices(context: AppContext): TranscriptionServices {
  return {
    transcribeFile: async (request) => {
      // Models slice: a request that names no model gets the one chosen in Settings → Models.
      const model = request.model ?? (await modelInUse(context));
      const named = model === undefined ? request : { ...request, model };
      return transcribeInHost(context.host, named, await context.settings.load());
    },
  };
}
