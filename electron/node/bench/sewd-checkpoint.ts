/**
 * Real-size random SEW-D checkpoints for benchmarking, in the Hugging Face layout (config.json,
 * vocab.json, model.safetensors), with the shapes of the published asapp/sew-d-*-ft-ls100h models.
 * Weights are random (seeded) at O(1) activation scale; speed does not depend on their values.
 *
 *   const dir = await generateCheckpoint('tiny', '.bench/sew-d-tiny'); // 24,127,423 parameters
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertCheckpoint } from '../convert/convert.ts';
import { writeSafetensors } from '../convert/safetensors.ts';
import type { TensorMap } from '../convert/tensor-map.ts';

export type SewdPreset = 'tiny' | 'mid' | 'base-plus';
export const SEWD_PRESETS: readonly SewdPreset[] = ['tiny', 'mid', 'base-plus'];

const BASE_CONV = [64, 128, 128, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512];
interface Size {
  hidden: number;
  layers: number;
  heads: number;
  convScale: number;
  /** Published parameter count (transformers' num_parameters of SEWDForCTC with a 32-token head). */
  parameters: number;
}
/** asapp's configs: tiny 384×12, mid 512×24, base-plus 768×24 with a 1.5× wider conv front end ("plus"). */
const SIZES: Record<SewdPreset, Size> = {
  tiny: { hidden: 384, layers: 12, heads: 6, convScale: 1, parameters: 24_127_423 },
  mid: { hidden: 512, layers: 24, heads: 8, convScale: 1, parameters: 78_816_063 },
  'base-plus': { hidden: 768, layers: 24, heads: 12, convScale: 1.5, parameters: 177_003_711 },
};

export const VOCAB = [
  '<pad>',
  '<s>',
  '</s>',
  '<unk>',
  '|',
  'E',
  'T',
  'A',
  'O',
  'N',
  'I',
  'H',
  'S',
  'R',
  'D',
  'L',
  'U',
  'M',
  'W',
  'C',
  'F',
  'G',
  'Y',
  'P',
  'B',
  'V',
  'K',
  "'",
  'X',
  'J',
  'Q',
  'Z',
];

export const expectedParameters = (preset: SewdPreset): number => SIZES[preset].parameters;

/** config.json of the preset, with the values of the published fine-tuned checkpoints. */
export function presetConfig(preset: SewdPreset): Record<string, unknown> {
  const s = SIZES[preset];
  return {
    architectures: ['SEWDForCTC'],
    model_type: 'sew-d',
    conv_bias: false,
    conv_dim: BASE_CONV.map((d) => d * s.convScale),
    conv_kernel: [10, 3, 1, 3, 1, 3, 1, 3, 1, 2, 1, 2, 1],
    conv_stride: [5, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1],
    num_feat_extract_layers: 13,
    feat_extract_activation: 'gelu',
    feat_extract_norm: 'group',
    feature_layer_norm_eps: 1e-5,
    hidden_act: 'gelu_python',
    hidden_size: s.hidden,
    intermediate_size: 4 * s.hidden,
    num_attention_heads: s.heads,
    num_hidden_layers: s.layers,
    layer_norm_eps: 1e-7,
    max_position_embeddings: 512,
    position_buckets: 256,
    norm_rel_ebd: 'layer_norm',
    pos_att_type: ['p2c', 'c2p'],
    relative_attention: true,
    share_att_key: true,
    squeeze_factor: 2,
    num_conv_pos_embeddings: 31,
    num_conv_pos_embedding_groups: 16,
    use_weighted_layer_sum: false,
    vocab_size: VOCAB.length,
    pad_token_id: 0,
    bos_token_id: 1,
    eos_token_id: 2,
  };
}

/** Every tensor of SEWDForCTC's state dict for the preset, with its shape and its fan-in (0: a norm gain/bias). */
export function sewdTensorShapes(
  preset: SewdPreset,
): { name: string; shape: number[]; fanIn: number; gain?: boolean }[] {
  const c = presetConfig(preset) as {
    conv_dim: number[];
    conv_kernel: number[];
    hidden_size: number;
    intermediate_size: number;
    num_hidden_layers: number;
  };
  const h = c.hidden_size;
  const inner = c.intermediate_size;
  const out: { name: string; shape: number[]; fanIn: number; gain?: boolean }[] = [];
  const add = (name: string, shape: number[], fanIn: number, gain = false) => out.push({ name, shape, fanIn, gain });
  const linear = (name: string, o: number, i: number) => {
    add(`${name}.weight`, [o, i], i);
    add(`${name}.bias`, [o], 0);
  };
  const norm = (name: string, n: number) => {
    add(`${name}.weight`, [n], 0, true);
    add(`${name}.bias`, [n], 0);
  };
  let previous = 1;
  c.conv_dim.forEach((d, i) => {
    add(
      `sew_d.feature_extractor.conv_layers.${i}.conv.weight`,
      [d, previous, c.conv_kernel[i]!],
      previous * c.conv_kernel[i]!,
    );
    if (i === 0) norm(`sew_d.feature_extractor.conv_layers.0.layer_norm`, d);
    previous = d;
  });
  norm('sew_d.layer_norm', previous);
  if (previous !== h) linear('sew_d.feature_projection', h, previous);
  add('sew_d.masked_spec_embed', [h], 0);
  const groupWidth = h / 16;
  add('sew_d.encoder.pos_conv_embed.conv.bias', [h], 0);
  add('sew_d.encoder.pos_conv_embed.conv.weight_g', [1, 1, 31], 0, true);
  add('sew_d.encoder.pos_conv_embed.conv.weight_v', [h, groupWidth, 31], groupWidth * 31);
  linear('sew_d.encoder.upsample.projection', 2 * h, h);
  add('sew_d.encoder.encoder.rel_embeddings.weight', [512, h], h);
  norm('sew_d.encoder.encoder.LayerNorm', h);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `sew_d.encoder.encoder.layer.${l}`;
    for (const proj of ['query_proj', 'key_proj', 'value_proj']) linear(`${p}.attention.self.${proj}`, h, h);
    linear(`${p}.attention.output.dense`, h, h);
    norm(`${p}.attention.output.LayerNorm`, h);
    linear(`${p}.intermediate.dense`, inner, h);
    linear(`${p}.output.dense`, h, inner);
    norm(`${p}.output.LayerNorm`, h);
  }
  linear('lm_head', VOCAB.length, h);
  return out;
}

export const countParameters = (preset: SewdPreset): number =>
  sewdTensorShapes(preset).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);

/** Writes the preset's checkpoint into `dir` (seeded, so every run benchmarks the same weights). */
export async function generateCheckpoint(preset: SewdPreset, dir: string, seed = 1): Promise<string> {
  const count = countParameters(preset);
  if (count !== SIZES[preset].parameters)
    throw new Error(`sew-d ${preset}: ${count} parameters, expected ${SIZES[preset].parameters}`);
  let state = seed >>> 0 || 1;
  // xorshift32 → uniform(-1, 1): fast enough for 177 M values, and deterministic.
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 31 - 1;
  };
  const tensors: TensorMap = new Map();
  for (const t of sewdTensorShapes(preset)) {
    const data = new Float32Array(t.shape.reduce((a, b) => a * b, 1));
    // Uniform with variance 1/fanIn keeps activations O(1); norm gains near 1, biases small.
    const scale = t.gain ? 0.1 : t.fanIn > 0 ? Math.sqrt(3 / t.fanIn) : 0.02;
    for (let i = 0; i < data.length; i++) data[i] = (t.gain ? 1 : 0) + scale * uniform();
    tensors.set(t.name, { shape: t.shape, data });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), `${JSON.stringify(presetConfig(preset), null, 2)}\n`);
  await writeFile(join(dir, 'vocab.json'), `${JSON.stringify(Object.fromEntries(VOCAB.map((t, i) => [t, i])))}\n`);
  await writeSafetensors(join(dir, 'model.safetensors'), tensors);
  return dir;
}

/**
 * The real-size random sew-d-tiny the live and dictation benches run, converted (fp32) into
 * .bench/sew-d-tiny/lean once and reused: its folder.
 */
export async function benchTinyModel(): Promise<string> {
  const base = join('.bench', 'sew-d-tiny');
  if (!existsSync(join(base, 'lean', 'model.onnx'))) {
    console.log('Generating and converting a real-size random sew-d-tiny (cached in .bench/)…');
    if (!existsSync(join(base, 'checkpoint', 'model.safetensors')))
      await generateCheckpoint('tiny', join(base, 'checkpoint'));
    await convertCheckpoint(join(base, 'checkpoint'), join(base, 'lean'));
  }
  return join(base, 'lean');
}
