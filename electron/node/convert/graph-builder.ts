/**
 * A small typed ONNX graph builder: initializers, nodes with typed attributes, graph inputs and
 * outputs. Names are made unique here so model code can use readable hints.
 *
 *   const g = new GraphBuilder('sew-d');
 *   const x = g.input('input_values', DataType.FLOAT, ['batch', 'samples']);
 *   const w = g.constF32('proj.weight', [4, 4], weights);
 *   g.output(g.op('MatMul', [x, w]), 'logits', DataType.FLOAT, ['batch', 'frames', 4]);
 *   const bytes = g.encode({ producer: 'verba', producerVersion: '1' });
 */
import {
  AttributeType,
  DataType,
  encodeModel,
  type AttributeMessage,
  type DataTypeCode,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './onnx-model.ts';

export { DataType } from './onnx-model.ts';

export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: TensorMessage };

export const int = (value: number): Attr => ({ kind: 'int', value });
export const float = (value: number): Attr => ({ kind: 'float', value });
export const ints = (value: readonly number[]): Attr => ({ kind: 'ints', value });
export const floats = (value: readonly number[]): Attr => ({ kind: 'floats', value });
export const str = (value: string): Attr => ({ kind: 'string', value });

export type Dim = number | string;

/** Opset 17: LayerNormalization is standard and onnxruntime 1.30 runs it natively. */
export const OPSET = 17;

function bytesOf(view: Float32Array | BigInt64Array | Int32Array | Uint8Array): Uint8Array {
  // ONNX raw_data is little-endian; every platform Node ships on is too.
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function attribute(name: string, attr: Attr): AttributeMessage {
  switch (attr.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: attr.value };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: attr.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: [...attr.value] };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...attr.value] };
    case 'string':
      return { name, type: AttributeType.STRING, s: new TextEncoder().encode(attr.value) };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: attr.value };
  }
}

function valueInfo(name: string, elemType: DataTypeCode, dims: readonly Dim[]): ValueInfoMessage {
  const dim = dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}

export class GraphBuilder {
  readonly name: string;
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  readonly inputs: ValueInfoMessage[] = [];
  readonly outputs: ValueInfoMessage[] = [];
  /** Operator sets beyond the default domain that nodes use (the int8 variant's com.microsoft ops). */
  readonly domains: Record<string, number> = {};
  private readonly used = new Set<string>();
  private readonly scalarCache = new Map<string, string>();

  constructor(name: string) {
    this.name = name;
  }

  /** A fresh value name derived from `hint`. */
  unique(hint: string): string {
    let name = hint;
    for (let n = 1; this.used.has(name); n++) name = `${hint}_${n}`;
    this.used.add(name);
    return name;
  }

  input(name: string, elemType: DataTypeCode, dims: readonly Dim[]): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares `value` a graph output under `name` (an Identity keeps internal names free). */
  output(value: string, name: string, elemType: DataTypeCode, dims: readonly Dim[]): string {
    this.used.add(name);
    this.nodes.push({ name: `${name}_out`, op_type: 'Identity', input: [value], output: [name], attribute: [] });
    this.outputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  constF32(hint: string, dims: readonly number[], data: Float32Array): string {
    return this.initializer(hint, dims, DataType.FLOAT, data);
  }

  constI64(hint: string, dims: readonly number[], data: readonly number[] | BigInt64Array): string {
    const values = data instanceof BigInt64Array ? data : BigInt64Array.from(data, (v) => BigInt(v));
    return this.initializer(hint, dims, DataType.INT64, values);
  }

  constI32(hint: string, dims: readonly number[], data: Int32Array): string {
    return this.initializer(hint, dims, DataType.INT32, data);
  }

  /** A shared float scalar constant (rank 0), created once per value. */
  scalar(value: number): string {
    const key = `f${value}`;
    let name = this.scalarCache.get(key);
    if (name === undefined) {
      name = this.constF32(`c_${String(value).replace(/[^0-9a-z]/gi, '_')}`, [], Float32Array.of(value));
      this.scalarCache.set(key, name);
    }
    return name;
  }

  /** A shared int64 vector constant (shapes, axes, slice bounds). */
  ints(values: readonly number[]): string {
    const key = `i${values.join(',')}`;
    let name = this.scalarCache.get(key);
    if (name === undefined) {
      name = this.constI64(`i_${values.join('_').replace(/-/g, 'm')}`, [values.length], values);
      this.scalarCache.set(key, name);
    }
    return name;
  }

  /** Adds one node and returns its single output. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, hint?: string): string {
    return this.opN(opType, inputs, 1, attrs, hint)[0]!;
  }

  /** Adds one node with `outputs` outputs. An empty input name means "absent optional input". */
  opN(
    opType: string,
    inputs: readonly string[],
    outputs: number,
    attrs: Record<string, Attr> = {},
    hint?: string,
  ): string[] {
    const base = hint ?? opType.toLowerCase();
    const names = Array.from({ length: outputs }, (_, i) => this.unique(outputs === 1 ? base : `${base}_${i}`));
    this.nodes.push({
      name: this.unique(`n_${base}`),
      op_type: opType,
      input: [...inputs],
      output: names,
      attribute: Object.entries(attrs).map(([name, attr]) => attribute(name, attr)),
    });
    return names;
  }

  encode(meta: {
    producer: string;
    producerVersion: string;
    docString?: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    return encodeModel({
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
        ...(meta.docString !== undefined ? { doc_string: meta.docString } : {}),
      },
      opset: OPSET,
      domains: this.domains,
      producer: meta.producer,
      producerVersion: meta.producerVersion,
      ...(meta.metadata !== undefined ? { metadata: meta.metadata } : {}),
    });
  }

  /** An initializer of any element type from its little-endian bytes (quantised and float16 weights). */
  constRaw(hint: string, dims: readonly number[], dataType: DataTypeCode, raw: Uint8Array): string {
    const name = this.unique(hint);
    this.initializers.push({ name, dims: [...dims], data_type: dataType, raw_data: raw });
    return name;
  }

  private initializer(
    hint: string,
    dims: readonly number[],
    dataType: DataTypeCode,
    data: Float32Array | BigInt64Array | Int32Array,
  ): string {
    const name = this.unique(hint);
    this.initializers.push({ name, dims: [...dims], data_type: dataType, raw_data: bytesOf(data) });
    return name;
  }
}
