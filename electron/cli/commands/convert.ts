import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import { convertCheckpoint } from '../../node/convert/convert.ts';
import type { CliCommand } from '../cli-types.ts';

const usage = `Usage: verba convert <hf-model-dir> --out <dir> [--style lean|reference]

Converts a Hugging Face SEW-D, SEW or wav2vec 2.0 CTC checkpoint (config.json + model.safetensors or
pytorch_model.bin, plus vocab.json) into <dir>/model.onnx and <dir>/manifest.json for \`verba transcribe
--model <dir>\`. Anything that cannot be converted exactly stops it with a one-line reason.`;

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { out: { type: 'string' }, style: { type: 'string', default: 'lean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1)
      throw new VerbaError(
        'BadArgument',
        'verba convert takes exactly one checkpoint directory; run `verba convert --help`.',
      );
    if (values.out === undefined)
      throw new VerbaError('BadArgument', 'verba convert needs --out <dir> for the converted model.');
    if (values.style !== 'lean' && values.style !== 'reference')
      throw new VerbaError('BadArgument', `--style takes lean or reference, not "${values.style}".`);
    const manifest = await convertCheckpoint(positionals[0]!, values.out, { style: values.style });
    process.stderr.write(`Converted ${manifest.architecture} → ${values.out}/model.onnx\n`);
    return 0;
  },
};
