/**
 * The converter's version: part of every conversion's cache key and manifest, so a converter change
 * converts again. Its own module so the model manager (in Electron main's import graph) can name cache
 * entries without loading the converter and onnxruntime.
 */
export const CONVERTER_VERSION = '1.1.0';
