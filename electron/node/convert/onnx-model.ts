/**
 * Encodes an ONNX ModelProto with protobufjs and the schema in ./onnx.proto (no hand-written
 * protobuf). The graph builder hands over plain objects; this module only knows the wire schema.
 *
 *   const bytes = encodeModel({ graph, opset: 17, producer: 'verba' });
 */
import { resourcePath } from '../resources.ts';
import protobuf from 'protobufjs';

const SCHEMA_PATH = resourcePath('electron/node/convert/onnx.proto');

/** TensorProto.DataType values used by Verba. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: DataTypeCode;
  /** Little-endian element bytes (ONNX raw_data). */
  raw_data: Uint8Array;
}

export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorMessage;
  floats?: number[];
  ints?: number[];
}

export interface NodeMessage {
  name: string;
  op_type: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
}

export interface ValueInfoMessage {
  name: string;
  type: { tensor_type: { elem_type: DataTypeCode; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } };
}

export interface GraphMessage {
  name: string;
  node: NodeMessage[];
  initializer: TensorMessage[];
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
  value_info?: ValueInfoMessage[];
  doc_string?: string;
}

export interface ModelParts {
  graph: GraphMessage;
  opset: number;
  /** Extra operator sets by domain (e.g. { 'com.microsoft': 1 } for onnxruntime's contrib ops). */
  domains?: Record<string, number>;
  /** ONNX IR version; 8 is the first that allows opset 17. */
  irVersion?: number;
  producer: string;
  producerVersion: string;
  metadata?: Record<string, string>;
}

let modelType: protobuf.Type | null = null;

function modelProto(): protobuf.Type {
  // keepCase: the schema's snake_case field names are the ones used throughout this module.
  modelType ??= new protobuf.Root().loadSync(SCHEMA_PATH, { keepCase: true }).lookupType('onnx.ModelProto');
  return modelType;
}

export function encodeModel(parts: ModelParts): Uint8Array {
  const type = modelProto();
  const message = type.fromObject({
    ir_version: parts.irVersion ?? 8,
    opset_import: [
      { domain: '', version: parts.opset },
      ...Object.entries(parts.domains ?? {}).map(([domain, version]) => ({ domain, version })),
    ],
    producer_name: parts.producer,
    producer_version: parts.producerVersion,
    graph: parts.graph,
    metadata_props: Object.entries(parts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return type.encode(message).finish();
}

/** Decodes a model (tests and tooling use it to inspect what was written). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = modelProto();
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
}
