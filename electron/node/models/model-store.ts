/**
 * Turns what the user passed as --model into a converted model directory (model.onnx + manifest.json):
 *   - a converted directory: used as it is;
 *   - a Hugging Face checkpoint directory (config.json + weights): converted once into the cache,
 *     keyed by the sha256 of every file the conversion reads (config, vocab, tokenizer/preprocessor
 *     configs, weights);
 *   - a hub id (default asapp/sew-d-tiny-100k-ft-ls100h): downloaded into the cache, then converted;
 *   - nothing, with the default neither cached nor reachable: the shipped demo model (demo-model.ts).
 * The cache is $VERBA_CACHE_DIR, else $XDG_CACHE_HOME/verba, else ~/.cache/verba. Every entry is built
 * in a temporary sibling and renamed into place, so an interrupted run never leaves a half entry.
 *
 *   const { dir, name } = await resolveModel(values.model, { progress: (l) => process.stderr.write(l) });
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { convertCheckpoint } from '../convert/convert.ts';
import { CONVERTER_VERSION } from '../convert/converter-version.ts';
import { cacheDir, modelDirName } from './model-paths.ts';

export { cacheDir, modelDirName };
import { readManifest, variantOf, type ModelVariant } from '../convert/manifest.ts';
import { DEMO_MODEL_DIR, DEMO_MODEL_ID, DEMO_MODEL_NOTICE } from './demo-model.ts';
import { DEFAULT_MODEL_ID, DEFAULT_REVISION, HUB_ENDPOINT, WEIGHT_FILES, downloadCheckpoint, isHubId } from './hub.ts';

export interface ResolvedModel {
  /** Directory with model.onnx and manifest.json. */
  dir: string;
  /** What to call it in transcripts: the hub id or the source directory's name. */
  name: string;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Human-readable progress lines (download, conversion) for stderr. */
  progress?: (line: string) => void;
  /** Which numeric variant to convert to (fp32 when absent); each variant is its own cache entry. */
  variant?: ModelVariant;
}

/** Cache entries of variants other than fp32 sit beside the fp32 one, under the same key plus the variant. */
const variantSuffix = (variant: ModelVariant | undefined) => (variant === undefined || variant === 'fp32' ? '' : `-${variant}`);


const exists = (p: string) => access(p).then(() => true, () => false);
const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

/**
 * Every file convertCheckpoint reads besides the weights (convert.ts's `sources`): a changed vocabulary
 * or tokenizer/preprocessor config must convert again, not reuse a stale entry.
 */
export const CONVERSION_INPUTS = ['config.json', 'vocab.json', 'tokenizer_config.json', 'preprocessor_config.json'] as const;

/** The cache key of a checkpoint's conversion: sha256 of the converter version and every input file (absent ones named as such). */
export async function conversionKey(checkpointDir: string): Promise<string> {
  const weights = WEIGHT_FILES.map((w) => join(checkpointDir, w));
  let weightFile: string | undefined;
  for (const w of weights) if (weightFile === undefined && (await exists(w))) weightFile = w;
  if (weightFile === undefined) throw new VerbaError('ModelNotFound', `${checkpointDir} has config.json but neither model.safetensors nor pytorch_model.bin.`);
  const hash = createHash('sha256');
  // The converter version is part of the key: a newer graph builder converts again instead of reusing.
  hash.update(`verba-converter ${CONVERTER_VERSION}\0`);
  for (const p of [...CONVERSION_INPUTS.map((f) => join(checkpointDir, f)), weightFile]) {
    if (!(await exists(p))) {
      // An optional input that appears later (a tokenizer_config.json naming another delimiter) changes the key too.
      hash.update(`${basename(p)}\0absent\0`);
      continue;
    }
    hash.update(`${basename(p)}\0${(await stat(p)).size}\0`);
    for await (const chunk of createReadStream(p)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Builds `target` with `build(tmp)` in a sibling temp dir and renames it into place (a concurrent winner is kept). */
async function atomically(target: string, build: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    await build(tmp);
    await rename(tmp, target).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(join(target, 'manifest.json'))) && !(await exists(join(target, 'config.json')))) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** A local Hugging Face checkpoint → its converted copy in the cache (converted on first use). */
export async function convertCached(checkpointDir: string, options: ResolveOptions = {}): Promise<string> {
  const key = await conversionKey(checkpointDir);
  const target = join(cacheDir(options.env), 'converted', `${key.slice(0, 32)}${variantSuffix(options.variant)}`);
  if (await exists(join(target, 'manifest.json'))) return target;
  options.progress?.(`Converting ${checkpointDir} (first use; cached in ${target})…\n`);
  await mkdir(join(cacheDir(options.env), 'converted'), { recursive: true });
  await atomically(target, async (tmp) => {
    await convertCheckpoint(checkpointDir, tmp, { variant: options.variant ?? 'fp32' });
  });
  return target;
}


export async function resolveModel(spec: string | undefined, options: ResolveOptions = {}): Promise<ResolvedModel> {
  if (spec === undefined) return resolveDefault(options);
  const model = spec;
  if (await isDir(model)) {
    const dir = resolve(model);
    if (await exists(join(dir, 'manifest.json'))) {
      const manifest = await readManifest(dir); // a foreign or damaged manifest.json fails here, with the reason
      if (options.variant !== undefined && variantOf(manifest) !== options.variant)
        throw new VerbaError('ModelVariantMismatch', `${model} holds the ${variantOf(manifest)} variant, not ${options.variant}; convert the checkpoint with \`verba convert <dir> --out <dir> --variant ${options.variant}\` or leave out --variant.`);
      return { dir, name: modelDirName(dir) };
    }
    if (await exists(join(dir, 'config.json'))) return { dir: await convertCached(dir, options), name: modelDirName(dir) };
    throw new VerbaError('ModelNotFound', `${model} is neither a converted model (manifest.json) nor a Hugging Face checkpoint (config.json).`);
  }
  if (!isHubId(model)) throw new VerbaError('ModelNotFound', `The model ${model} is not a directory and not a Hugging Face model id (owner/name).`);
  const root = join(cacheDir(options.env), 'hub', model.replace('/', '--'), DEFAULT_REVISION);
  const converted = join(root, `converted-${CONVERTER_VERSION}${variantSuffix(options.variant)}`);
  if (await exists(join(converted, 'manifest.json'))) return { dir: converted, name: model };
  const source = join(root, 'checkpoint');
  if (!(await exists(join(source, 'config.json')))) {
    await mkdir(root, { recursive: true });
    let lastPercent = -1;
    await atomically(source, async (tmp) => {
      await downloadCheckpoint(model, DEFAULT_REVISION, tmp, {
        endpoint: (options.env ?? process.env).HF_ENDPOINT ?? HUB_ENDPOINT,
        progress: (file, done, total) => {
          const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
          if (percent !== lastPercent || done === total) options.progress?.(`\rDownloading ${model} ${file}: ${percent}% of ${(total / 1e6).toFixed(1)} MB${done === total ? '\n' : ''}`);
          lastPercent = percent;
        },
      });
    });
  }
  options.progress?.(`Converting ${model}…\n`);
  await atomically(converted, async (tmp) => {
    await convertCheckpoint(source, tmp, { variant: options.variant ?? 'fp32' });
  });
  return { dir: converted, name: model };
}

/**
 * No model chosen: the default hub model, or — when it is not cached and the hub cannot be reached —
 * the shipped demo model, announced once. A model the user named explicitly never falls back.
 */
async function resolveDefault(options: ResolveOptions): Promise<ResolvedModel> {
  try {
    return await resolveModel(DEFAULT_MODEL_ID, options);
  } catch (error) {
    if (!(error instanceof VerbaError && error.code === 'HubUnreachable')) throw error;
    options.progress?.(`verba: ${DEMO_MODEL_NOTICE}\n`);
    return { dir: await convertCached(DEMO_MODEL_DIR, options), name: DEMO_MODEL_ID };
  }
}
