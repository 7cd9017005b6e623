/**
 * manifest.json of a converted model: everything the runtime needs besides model.onnx (vocabulary,
 * blank id, word delimiter, frame stride, tensor names) and where the model came from.
 *
 *   const manifest = await readManifest('/models/sew-d-tiny');   // throws a one-sentence VerbaError
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelVariant } from '../../common/engine-choice.ts';
import { VerbaError } from '../../common/result.ts';
import { SAMPLE_RATE } from '../../common/defaults.ts';
import type { Architecture } from './checkpoint-config.ts';
import type { GraphStyle } from './front-end.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MODEL_FILE = 'model.onnx';
export const MANIFEST_FORMAT = 1;

/** Numeric variants of one model: fp32 is exact; int8 (CPU) and fp16 (GPU) trade agreement for speed. */
export type { ModelVariant };
export const MODEL_VARIANTS: readonly ModelVariant[] = ['fp32', 'int8', 'fp16'];

export interface SourceFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface RuntimeManifest {
  format: typeof MANIFEST_FORMAT;
  architecture: Architecture;
  /** vocab[id] is the token text. */
  vocab: string[];
  blankId: number;
  wordDelimiter: string;
  sampleRate: number;
  /** Input samples per output frame (product of the conv strides). */
  frameSamples: number;
  inputName: string;
  outputName: string;
  /** Which graph was built ('lean' for use, 'reference' for benchmarks). */
  graphStyle: GraphStyle;
  /** Absent in manifests written before variants existed: those are fp32. */
  variant?: ModelVariant;
  source: { dir: string; files: SourceFile[] };
  converterVersion: string;
  /** ISO 8601 time of conversion. */
  created: string;
}

const ARCHITECTURES: readonly string[] = ['sew-d', 'sew', 'wav2vec2'];

function invalid(path: string, why: string): VerbaError {
  return new VerbaError(
    'CorruptModel',
    `${path} is not a valid Verba model manifest: ${why}; convert the checkpoint again with \`verba convert\`.`,
  );
}

/** Checks a parsed manifest; `path` only names it in errors. */
export function validateManifest(value: unknown, path: string): RuntimeManifest {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(path, 'it is not a JSON object');
  const m = value as Record<string, unknown>;
  if (m.format !== MANIFEST_FORMAT)
    throw invalid(path, `format is ${JSON.stringify(m.format)}, expected ${MANIFEST_FORMAT}`);
  if (typeof m.architecture !== 'string' || !ARCHITECTURES.includes(m.architecture))
    throw invalid(path, `architecture ${JSON.stringify(m.architecture)} is unknown`);
  if (!Array.isArray(m.vocab) || m.vocab.length === 0 || !m.vocab.every((t) => typeof t === 'string'))
    throw invalid(path, 'vocab is not a list of strings');
  if (!Number.isInteger(m.blankId) || (m.blankId as number) < 0 || (m.blankId as number) >= m.vocab.length)
    throw invalid(path, 'blankId is not a vocabulary id');
  if (typeof m.wordDelimiter !== 'string' || !m.vocab.includes(m.wordDelimiter))
    throw invalid(path, 'wordDelimiter is not in the vocabulary');
  if (m.sampleRate !== SAMPLE_RATE)
    throw invalid(path, `sampleRate is ${JSON.stringify(m.sampleRate)}, expected ${SAMPLE_RATE}`);
  if (!Number.isInteger(m.frameSamples) || (m.frameSamples as number) <= 0)
    throw invalid(path, 'frameSamples is not a positive integer');
  for (const key of ['inputName', 'outputName', 'converterVersion', 'created'] as const) {
    if (typeof m[key] !== 'string' || (m[key] as string).length === 0) throw invalid(path, `${key} is missing`);
  }
  if (m.graphStyle !== 'lean' && m.graphStyle !== 'reference')
    throw invalid(path, `graphStyle ${JSON.stringify(m.graphStyle)} is unknown`);
  if (m.variant !== undefined && !MODEL_VARIANTS.includes(m.variant as ModelVariant))
    throw invalid(path, `variant ${JSON.stringify(m.variant)} is unknown`);
  const source = m.source as { dir?: unknown; files?: unknown } | undefined;
  if (source === undefined || typeof source.dir !== 'string' || !Array.isArray(source.files))
    throw invalid(path, 'source is missing');
  for (const f of source.files as Record<string, unknown>[]) {
    if (
      typeof f?.name !== 'string' ||
      typeof f.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256) ||
      !Number.isInteger(f.bytes)
    )
      throw invalid(path, 'a source file entry is malformed');
  }
  return value as RuntimeManifest;
}

export async function readManifest(dir: string): Promise<RuntimeManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VerbaError(
      'ModelNotFound',
      `${dir} is not a converted Verba model (no readable ${MANIFEST_FILE}); convert a checkpoint with \`verba convert <dir> --out <dir>\`.`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(path, 'it is not valid JSON');
  }
  return validateManifest(parsed, path);
}

export const variantOf = (m: RuntimeManifest): ModelVariant => m.variant ?? 'fp32';
