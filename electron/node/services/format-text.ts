import type { FormatTextRequest } from '../../common/ipc-types.ts';
import { VerbaError } from '../../common/result.ts';

/** Placeholder until the text layer lands (issue 5). */
export async function formatText(_request: FormatTextRequest): Promise<string> {
  throw new VerbaError('NotAvailable', 'The writing layer is not installed yet.');
}
