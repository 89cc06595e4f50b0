// MaxPoolGrad for the wasm backend: tfjs-wasm's kernel and a JavaScript loop both take ~25-40 ns
// per output value; the SIMD-kernel module's loop (native/wasm/kernels.c) takes a few.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmBackend } from './heap.js';
import { maxPoolGradient } from './simd-kernels.js';

type TensorInfo = tf.TensorInfo;

interface MaxPoolGradArgs {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: WasmBackend;
  attrs: { filterSize: number | [number, number]; strides: number | [number, number]; pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
}

export function maxPoolGrad(args: MaxPoolGradArgs): TensorInfo {
  const { inputs: { dy, input }, backend, attrs } = args;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const out = backend.makeOutput(input.shape, 'float32');
  maxPoolGradient(heapF32(backend, input), heapF32(backend, dy), {
    batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, channels: info.inChannels,
    outHeight: info.outHeight, outWidth: info.outWidth, filterHeight: info.filterHeight, filterWidth: info.filterWidth,
    strideHeight: info.strideHeight, strideWidth: info.strideWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left,
  }, heapF32(backend, out));
  return out;
}
