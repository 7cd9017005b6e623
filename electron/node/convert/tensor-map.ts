/**
 * What a checkpoint reader yields: every tensor of the state dict as float32, by its PyTorch name.
 * Both readers (model.safetensors, pytorch_model.bin) produce this, so the graph builder never
 * cares where weights came from.
 */
export interface Tensor {
  /** PyTorch shape, outermost first. */
  shape: number[];
  /** Row-major float32 data (f16/bf16/f64 sources are widened/narrowed to float32 on read). */
  data: Float32Array;
}

export type TensorMap = Map<string, Tensor>;
