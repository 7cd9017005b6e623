import { parseArgs } from 'node:util';
import { VerbaError } from '../../common/result.ts';
import {
  DEFAULT_INT8_SCHEME,
  INT8_SCHEMES,
  INT8_SCHEME_NAMES,
  convertCheckpoint,
  type Int8SchemeName,
} from '../../node/convert/convert.ts';
import { MODEL_VARIANTS, type ModelVariant } from '../../node/convert/manifest.ts';
import type { CliCommand } from '../cli-types.ts';

const usage = `Usage: verba convert <hf-model-dir> --out <dir> [--style lean|reference] [--variant fp32|int8|fp16] [--int8-scheme ${INT8_SCHEME_NAMES.join('|')}]

Converts a Hugging Face SEW-D, SEW or wav2vec 2.0 CTC checkpoint (config.json + model.safetensors or
pytorch_model.bin, plus vocab.json) into <dir>/model.onnx and <dir>/manifest.json for \`verba transcribe
--model <dir>\`. Anything that cannot be converted exactly stops it with a one-line reason.

--variant fp32 (default) is exact; int8 quantises the weight MatMuls to 8 bits for CPUs (scheme
${DEFAULT_INT8_SCHEME} unless --int8-scheme says otherwise); fp16 computes in half precision for GPU providers.`;

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        style: { type: 'string', default: 'lean' },
        variant: { type: 'string', default: 'fp32' },
        'int8-scheme': { type: 'string', default: DEFAULT_INT8_SCHEME },
      },
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
    const variant = values.variant as ModelVariant;
    if (!MODEL_VARIANTS.includes(variant))
      throw new VerbaError('BadArgument', `--variant takes ${MODEL_VARIANTS.join(', ')}, not "${values.variant}".`);
    const scheme = values['int8-scheme'] as Int8SchemeName;
    if (!INT8_SCHEME_NAMES.includes(scheme))
      throw new VerbaError('BadArgument', `--int8-scheme takes ${INT8_SCHEME_NAMES.join(', ')}, not "${scheme}".`);
    const manifest = await convertCheckpoint(positionals[0]!, values.out, {
      style: values.style,
      variant,
      int8: INT8_SCHEMES[scheme],
    });
    process.stderr.write(`Converted ${manifest.architecture} (${variant}) → ${values.out}/model.onnx\n`);
    return 0;
  },
};
