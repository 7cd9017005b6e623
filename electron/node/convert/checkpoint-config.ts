/**
 * config.json of a Hugging Face SEWDForCTC / SEWForCTC / Wav2Vec2ForCTC checkpoint → a validated
 * ModelSpec. Every value the graph builders do not reproduce exactly is refused here with one
 * sentence naming the key and its value, so a conversion never silently differs from the reference.
 *
 *   const spec = parseModelConfig(JSON.parse(text), 'config.json');
 */
import { VerbaError } from '../../common/result.ts';

export type Architecture = 'sew-d' | 'sew' | 'wav2vec2';
export type Activation = 'gelu' | 'relu' | 'tanh' | 'silu';

export interface RelativeAttentionSpec {
  /** Bucketed span: position_buckets when > 0, else max_relative_positions. */
  attSpan: number;
  /** 0 disables log bucketing (raw offsets, clamped). */
  positionBuckets: number;
  maxRelativePositions: number;
  shareAttKey: boolean;
  c2p: boolean;
  p2c: boolean;
  normRelEmbeddings: boolean;
  /** DeBERTa's optional ConvLayer after the first layer (config conv_kernel_size > 0). */
  convLayer: { kernel: number; groups: number; activation: Activation } | null;
}

export interface ModelSpec {
  architecture: Architecture;
  /** State-dict prefix of the base model: 'sew_d', 'sew' or 'wav2vec2'. */
  prefix: string;
  convDim: number[];
  convKernel: number[];
  convStride: number[];
  convBias: boolean;
  featExtractNorm: 'group' | 'layer';
  featExtractActivation: Activation;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenActivation: Activation;
  layerNormEps: number;
  /** eps of the LayerNorm right after the conv front end. */
  featureLayerNormEps: number;
  posConvKernel: number;
  posConvGroups: number;
  /** SEW / SEW-D pooling factor; 1 for wav2vec2. */
  squeezeFactor: number;
  /** wav2vec2 only: pre-LayerNorm transformer layers. */
  stableLayerNorm: boolean;
  vocabSize: number;
  padTokenId: number;
  relative: RelativeAttentionSpec | null;
}

const CTC_CLASS: Record<Architecture, string> = { 'sew-d': 'SEWDForCTC', sew: 'SEWForCTC', wav2vec2: 'Wav2Vec2ForCTC' };
const PREFIX: Record<Architecture, string> = { 'sew-d': 'sew_d', sew: 'sew', wav2vec2: 'wav2vec2' };
/** transformers' ACT2FN names whose ONNX form is exact; gelu and gelu_python are both the erf GELU. */
const ACTIVATIONS: Record<string, Activation> = {
  gelu: 'gelu',
  gelu_python: 'gelu',
  relu: 'relu',
  tanh: 'tanh',
  silu: 'silu',
  swish: 'silu',
};

type Json = Record<string, unknown>;

function unsupported(file: string, key: string, value: unknown, why: string): VerbaError {
  return new VerbaError(
    'UnsupportedCheckpoint',
    `${file}: ${key} = ${JSON.stringify(value)} is not supported (${why}).`,
  );
}

function reader(config: Json, file: string) {
  const get = (key: string, fallback?: unknown): unknown => {
    const value = config[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) throw new VerbaError('UnsupportedCheckpoint', `${file} has no ${key}.`);
      return fallback;
    }
    return value;
  };
  return {
    int(key: string, fallback?: number, min = 1): number {
      const v = get(key, fallback);
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
        throw unsupported(file, key, v, `expected an integer ≥ ${min}`);
      return v;
    },
    num(key: string, fallback?: number): number {
      const v = get(key, fallback);
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
        throw unsupported(file, key, v, 'expected a positive number');
      return v;
    },
    bool(key: string, fallback?: boolean): boolean {
      const v = get(key, fallback);
      if (typeof v !== 'boolean') throw unsupported(file, key, v, 'expected true or false');
      return v;
    },
    ints(key: string): number[] {
      const v = get(key);
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => Number.isSafeInteger(x) && x > 0))
        throw unsupported(file, key, v, 'expected a list of positive integers');
      return v as number[];
    },
    act(key: string, fallback?: string): Activation {
      const v = get(key, fallback);
      const act = typeof v === 'string' ? ACTIVATIONS[v] : undefined;
      if (act === undefined) throw unsupported(file, key, v, `supported: ${Object.keys(ACTIVATIONS).join(', ')}`);
      return act;
    },
    raw: get,
  };
}

function architectureOf(config: Json, file: string): Architecture {
  const type = config.model_type;
  if (type !== 'sew-d' && type !== 'sew' && type !== 'wav2vec2') {
    throw unsupported(file, 'model_type', type ?? null, 'Verba converts sew-d, sew and wav2vec2 CTC checkpoints');
  }
  const architectures = config.architectures;
  if (architectures !== undefined && architectures !== null) {
    if (!Array.isArray(architectures) || !architectures.every((a) => a === CTC_CLASS[type])) {
      throw unsupported(
        file,
        'architectures',
        architectures,
        `a ${type} checkpoint for speech recognition is ${CTC_CLASS[type]}`,
      );
    }
  }
  return type;
}

function relativeSpec(r: ReturnType<typeof reader>, file: string): RelativeAttentionSpec {
  if (!r.bool('relative_attention', false))
    throw unsupported(file, 'relative_attention', false, 'SEW-D checkpoints use relative attention');
  const rawTypes = r.raw('pos_att_type', ['p2c', 'c2p']);
  const types =
    typeof rawTypes === 'string'
      ? rawTypes
          .toLowerCase()
          .split('|')
          .map((s) => s.trim())
      : rawTypes;
  if (!Array.isArray(types) || !types.every((t) => t === 'c2p' || t === 'p2c') || types.length === 0) {
    throw unsupported(file, 'pos_att_type', rawTypes, 'supported: c2p, p2c or both');
  }
  const rawNorm = r.raw('norm_rel_ebd', 'none');
  const norms =
    typeof rawNorm === 'string'
      ? rawNorm
          .toLowerCase()
          .split('|')
          .map((s) => s.trim())
      : null;
  if (norms === null || !norms.every((n) => n === 'layer_norm' || n === 'none'))
    throw unsupported(file, 'norm_rel_ebd', rawNorm, 'supported: layer_norm, none');
  let maxRelativePositions = r.int('max_relative_positions', -1, -1);
  if (maxRelativePositions < 1) maxRelativePositions = r.int('max_position_embeddings');
  const positionBuckets = r.int('position_buckets', -1, -1);
  if (positionBuckets > 0 && (positionBuckets % 2 !== 0 || positionBuckets < 4))
    throw unsupported(file, 'position_buckets', positionBuckets, 'expected an even number ≥ 4');
  const convKernel = r.int('conv_kernel_size', 0, 0);
  return {
    attSpan: positionBuckets > 0 ? positionBuckets : maxRelativePositions,
    positionBuckets: positionBuckets > 0 ? positionBuckets : 0,
    maxRelativePositions,
    shareAttKey: r.bool('share_att_key', false),
    c2p: types.includes('c2p'),
    p2c: types.includes('p2c'),
    normRelEmbeddings: norms.includes('layer_norm'),
    convLayer:
      convKernel > 0
        ? { kernel: convKernel, groups: r.int('conv_groups', 1), activation: r.act('conv_act', 'tanh') }
        : null,
  };
}

export function parseModelConfig(config: unknown, file = 'config.json'): ModelSpec {
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    throw new VerbaError('UnsupportedCheckpoint', `${file} is not a JSON object.`);
  const json = config as Json;
  const architecture = architectureOf(json, file);
  const r = reader(json, file);
  const layers = r.int('num_feat_extract_layers');
  const convDim = r.ints('conv_dim');
  const convKernel = r.ints('conv_kernel');
  const convStride = r.ints('conv_stride');
  for (const [key, list] of [
    ['conv_dim', convDim],
    ['conv_kernel', convKernel],
    ['conv_stride', convStride],
  ] as const) {
    if (list.length !== layers) throw unsupported(file, key, list, `num_feat_extract_layers is ${layers}`);
  }
  const norm = r.raw('feat_extract_norm');
  if (norm !== 'group' && norm !== 'layer')
    throw unsupported(file, 'feat_extract_norm', norm, 'supported: group, layer');
  const hiddenSize = r.int('hidden_size');
  const numHeads = r.int('num_attention_heads');
  if (hiddenSize % numHeads !== 0)
    throw unsupported(file, 'num_attention_heads', numHeads, `it must divide hidden_size ${hiddenSize}`);
  if (json.attention_head_size !== undefined && json.attention_head_size !== hiddenSize / numHeads) {
    throw unsupported(
      file,
      'attention_head_size',
      json.attention_head_size,
      'only hidden_size / num_attention_heads is supported',
    );
  }
  if (architecture === 'wav2vec2') {
    if (r.bool('add_adapter', false)) throw unsupported(file, 'add_adapter', true, 'adapter layers are not converted');
    if (json.adapter_attn_dim !== undefined && json.adapter_attn_dim !== null)
      throw unsupported(file, 'adapter_attn_dim', json.adapter_attn_dim, 'attention adapters are not converted');
    const posType = json.position_embeddings_type;
    if (posType !== undefined && posType !== null)
      throw unsupported(
        file,
        'position_embeddings_type',
        posType,
        'only convolutional position embeddings are converted',
      );
  }
  const squeezeFactor = architecture === 'wav2vec2' ? 1 : r.int('squeeze_factor');
  const layerNormEps = r.num('layer_norm_eps');
  return {
    architecture,
    prefix: PREFIX[architecture],
    convDim,
    convKernel,
    convStride,
    convBias: r.bool('conv_bias', false),
    featExtractNorm: norm,
    featExtractActivation: r.act('feat_extract_activation', 'gelu'),
    hiddenSize,
    numLayers: r.int('num_hidden_layers'),
    numHeads,
    intermediateSize: r.int('intermediate_size'),
    hiddenActivation: r.act('hidden_act', 'gelu'),
    layerNormEps,
    featureLayerNormEps: architecture === 'sew-d' ? r.num('feature_layer_norm_eps', 1e-5) : layerNormEps,
    posConvKernel: r.int('num_conv_pos_embeddings'),
    posConvGroups: r.int('num_conv_pos_embedding_groups'),
    squeezeFactor,
    stableLayerNorm: architecture === 'wav2vec2' ? r.bool('do_stable_layer_norm', false) : false,
    vocabSize: r.int('vocab_size'),
    padTokenId: r.int('pad_token_id', 0, 0),
    relative: architecture === 'sew-d' ? relativeSpec(r, file) : null,
  };
}

/** Samples per output frame: the product of the conv strides (320 for every published model). */
export const frameSamples = (spec: ModelSpec): number => spec.convStride.reduce((a, b) => a * b, 1);
