/**
 * The child side of convert-process.ts: node convert-worker.ts <checkpoint> <out> <variant>.
 * Reports stages and the result over the IPC channel, errors as { name, message }.
 */
import { convertCheckpoint } from '../convert/convert.ts';
import type { ModelVariant } from '../convert/manifest.ts';
import type { ConvertMessage } from './convert-process.ts';
import { toErrorValue } from '../../common/result.ts';

const send = (m: ConvertMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
const [checkpoint, out, variant] = process.argv.slice(2) as [string, string, ModelVariant];

try {
  await send({ type: 'stage', stage: 'converting' });
  const manifest = await convertCheckpoint(checkpoint, out, { variant });
  await send({ type: 'stage', stage: 'done' });
  await send({ type: 'done', manifest });
} catch (error) {
  await send({ type: 'error', ...toErrorValue(error) });
}
process.disconnect();
