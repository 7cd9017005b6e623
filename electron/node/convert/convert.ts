/**
 * Hugging Face checkpoint folder → <outDir>/model.onnx + <outDir>/manifest.json.
 * Reads config.json, vocab.json (and tokenizer_config.json / preprocessor_config.json when present)
 * and the weights (model.safetensors, else pytorch_model.bin), builds the graph and writes both files
 * through temporary names and renames, manifest last, so a reader never sees a half-written model.
 *
 *   const manifest = await convertCheckpoint('ckpt/sew-d-tiny', 'models/sew-d-tiny', { style: 'lean' });
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import { frameSamples, parseModelConfig, type ModelSpec } from './checkpoint-config.ts';
import type { GraphStyle } from './front-end.ts';
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MODEL_FILE,
  type ModelVariant,
  type RuntimeManifest,
  type SourceFile,
} from './manifest.ts';
import { buildModelGraph, INPUT_NAME, OUTPUT_NAME } from './model-graph.ts';
import { toFloat16 } from './float16-graph.ts';
import { quantizeInt8, type Int8Options } from './quantize-int8.ts';
import { projectRelativeEmbeddings } from './sew-d-positions.ts';
import { readSafetensors } from './safetensors.ts';
import type { TensorMap } from './tensor-map.ts';
import { readTorchBin } from './torch-bin.ts';
import { Weights } from './weights.ts';

/** Bump when the graphs change, so caches keyed on it rebuild. */
import { CONVERTER_VERSION } from './converter-version.ts';

export { CONVERTER_VERSION };

export interface ConvertOptions {
  /** 'lean' (default): the inference graph. 'reference': the traced-style baseline for benchmarks. */
  style?: GraphStyle;
  /** 'fp32' (default, exact), 'int8' (quantised MatMuls and convs, for CPUs) or 'fp16' (for GPU providers). */
  variant?: ModelVariant;
  /** How the int8 variant quantises (default: INT8_SCHEMES[DEFAULT_INT8_SCHEME], 7-bit weights). */
  int8?: Int8Options;
}

/**
 * Named int8 schemes (`--int8-scheme`), measured against each other by `verba bench --variant int8`:
 * - encoder: the encoder's and head's MatMuls through MatMulInteger (DynamicQuantizeMatMul), convs in float;
 * - conv: the front-end convs too, as MatMuls through the same kernel (one activation scale per
 *   window costs precision in loud and quiet speech alike: 5 % frame agreement on the demo model);
 * - conv-nbits: the front-end conv MatMuls through MatMulNBits, whose activations are quantised per
 *   row and block of 32, which keeps quiet frames; the encoder as in 'encoder';
 * - nbits: every MatMul through MatMulNBits.
 */
export const INT8_SCHEMES = {
  encoder: { matmul: 'integer', conv: false },
  conv: { matmul: 'integer', conv: true },
  'conv-nbits': { matmul: 'integer', conv: true, convMatmul: 'nbits', blockSize: 32 },
  nbits: { matmul: 'nbits', conv: true, blockSize: 32 },
} as const satisfies Record<string, Int8Options>;
export type Int8SchemeName = keyof typeof INT8_SCHEMES;
export const INT8_SCHEME_NAMES = Object.keys(INT8_SCHEMES) as Int8SchemeName[];
/** The scheme Verba ships (README "Models and GPU" has the figures that chose it). */
export const DEFAULT_INT8_SCHEME: Int8SchemeName = 'encoder';
const DEFAULT_INT8: Int8Options = { ...INT8_SCHEMES[DEFAULT_INT8_SCHEME], reduceRange: true };

/** Tensors a CTC checkpoint may carry that inference never reads (SpecAugment's mask vector). */
const IGNORED = /(^|\.)masked_spec_embed$/;

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VerbaError('CheckpointNotFound', `The checkpoint has no readable ${what} (${path}).`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new VerbaError('UnsupportedCheckpoint', `${basename(path)} in the checkpoint is not valid JSON.`);
  }
}

/** vocab.json {token: id} → tokens by id; ids must be exactly 0..vocab_size−1. */
function vocabularyOf(json: unknown, spec: ModelSpec): string[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new VerbaError('UnsupportedCheckpoint', 'vocab.json is not a {token: id} object.');
  const tokens: string[] = [];
  for (const [token, id] of Object.entries(json as Record<string, unknown>)) {
    if (!Number.isInteger(id) || (id as number) < 0 || tokens[id as number] !== undefined)
      throw new VerbaError(
        'UnsupportedCheckpoint',
        `vocab.json: token ${JSON.stringify(token)} has id ${JSON.stringify(id)}, which is invalid or repeated.`,
      );
    tokens[id as number] = token;
  }
  if (tokens.length !== spec.vocabSize || tokens.includes(undefined as unknown as string)) {
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `vocab.json has ${Object.keys(json).length} tokens but config.json vocab_size is ${spec.vocabSize}; they must match id for id.`,
    );
  }
  return tokens;
}

/** sha256 and size, streamed: weights files are hundreds of MB. */
async function describeFile(dir: string, name: string): Promise<SourceFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(join(dir, name))) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { name, sha256: hash.digest('hex'), bytes };
}

async function readWeights(dir: string): Promise<{ tensors: TensorMap; file: string }> {
  const safetensors = join(dir, 'model.safetensors');
  if (await exists(safetensors)) return { tensors: await readSafetensors(safetensors), file: 'model.safetensors' };
  const bin = join(dir, 'pytorch_model.bin');
  if (await exists(bin)) return { tensors: await readTorchBin(bin), file: 'pytorch_model.bin' };
  throw new VerbaError('CheckpointNotFound', `${dir} has neither model.safetensors nor pytorch_model.bin.`);
}

async function checkPreprocessor(dir: string): Promise<void> {
  const path = join(dir, 'preprocessor_config.json');
  if (!(await exists(path))) return;
  const p = (await readJson(path, 'preprocessor_config.json')) as Record<string, unknown>;
  if (p.sampling_rate !== undefined && p.sampling_rate !== SAMPLE_RATE) {
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `preprocessor_config.json: sampling_rate = ${JSON.stringify(p.sampling_rate)} is not supported (Verba feeds 16 kHz audio).`,
    );
  }
  if (p.do_normalize === false)
    throw new VerbaError(
      'UnsupportedCheckpoint',
      'preprocessor_config.json: do_normalize = false is not supported (Verba always normalises each window).',
    );
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function convertCheckpoint(
  srcDir: string,
  outDir: string,
  options: ConvertOptions = {},
): Promise<RuntimeManifest> {
  const style = options.style ?? 'lean';
  const dir = resolve(srcDir);
  const spec = parseModelConfig(await readJson(join(dir, 'config.json'), 'config.json'));
  const vocab = vocabularyOf(await readJson(join(dir, 'vocab.json'), 'vocab.json'), spec);
  const tokenizerPath = join(dir, 'tokenizer_config.json');
  const tokenizer = (await exists(tokenizerPath))
    ? ((await readJson(tokenizerPath, 'tokenizer_config.json')) as Record<string, unknown>)
    : {};
  const wordDelimiter = typeof tokenizer.word_delimiter_token === 'string' ? tokenizer.word_delimiter_token : '|';
  if (!vocab.includes(wordDelimiter))
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `vocab.json has no word delimiter token ${JSON.stringify(wordDelimiter)}.`,
    );
  if (spec.padTokenId >= vocab.length)
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `config.json: pad_token_id = ${spec.padTokenId} is not a vocabulary id (it is the CTC blank).`,
    );
  await checkPreprocessor(dir);

  const { tensors, file } = await readWeights(dir);
  const weights = new Weights(tensors, file);
  const positions =
    style === 'lean' && spec.relative !== null
      ? await projectRelativeEmbeddings(spec, spec.relative, weights)
      : undefined;
  const variant = options.variant ?? 'fp32';
  const int8 = { ...DEFAULT_INT8, ...options.int8 };
  const graph = buildModelGraph(spec, weights, style, positions, variant === 'int8' && int8.conv === true);
  const unused = weights.unused().filter((n) => !IGNORED.test(n));
  if (unused.length > 0) {
    throw new VerbaError(
      'UnsupportedCheckpoint',
      `${file} has ${unused.length} tensor(s) this config does not explain (e.g. ${unused[0]}), so the conversion would not be exact.`,
    );
  }
  // The graph holds its own (transposed/folded) copies now; dropping the checkpoint's tensors keeps
  // peak memory near two model sizes (initializers + encoded bytes) instead of three.
  tensors.clear();
  // Convs are already MatMuls in an int8 graph; ConvInteger (measured 2× slower than float) stays unused.
  if (variant === 'int8') quantizeInt8(graph, { ...int8, conv: false });
  if (variant === 'fp16') {
    try {
      toFloat16(graph);
    } catch (error) {
      throw new VerbaError('UnsupportedCheckpoint', `${file}: ${(error as Error).message}`);
    }
  }
  const bytes = graph.encode({
    producer: 'verba',
    producerVersion: CONVERTER_VERSION,
    docString: `${spec.architecture} CTC (${style} graph, ${variant}) from ${basename(dir)}`,
  });

  const sources = ['config.json', file, 'vocab.json', 'tokenizer_config.json', 'preprocessor_config.json'];
  const files: SourceFile[] = [];
  for (const name of sources) if (await exists(join(dir, name))) files.push(await describeFile(dir, name));
  const manifest: RuntimeManifest = {
    format: MANIFEST_FORMAT,
    architecture: spec.architecture,
    vocab,
    blankId: spec.padTokenId,
    wordDelimiter,
    sampleRate: SAMPLE_RATE,
    frameSamples: frameSamples(spec),
    inputName: INPUT_NAME,
    outputName: OUTPUT_NAME,
    graphStyle: style,
    variant,
    source: { dir: basename(dir), files },
    converterVersion: CONVERTER_VERSION,
    created: new Date().toISOString(),
  };
  await mkdir(outDir, { recursive: true });
  // A stale manifest must not vouch for a new model.onnx while it is being replaced.
  await rm(join(outDir, MANIFEST_FILE), { force: true });
  await writeAtomically(join(outDir, MODEL_FILE), bytes);
  await writeAtomically(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}
