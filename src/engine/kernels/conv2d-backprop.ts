// Convolution gradients for the wasm backend: Conv2DBackpropFilter is missing in tfjs-wasm 4.22
// (every conv2d gradient fails) and Conv2DBackpropInput runs at ~2.5 GFLOPS. Both become
// im2col / col2im heap loops around one XNNPACK GEMM per chunk of images.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, wrapInput, type WasmBackend } from './heap.js';
import { col2imAdd, im2col, imagesPerChunk, patchSize, type ConvGeometry } from './im2col.js';
import { blockView, convFilterGradient, perExampleKernelsLoaded, releaseKernelBlocks } from './simd-kernels.js';

type TensorInfo = tf.TensorInfo;
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

interface FilterArgs {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmBackend;
  attrs: { strides: number | [number, number]; pad: Pad; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: Rounding; filterShape: [number, number, number, number] };
}

interface InputArgs {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WasmBackend;
  attrs: { strides: number | [number, number]; pad: Pad; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: Rounding; inputShape: [number, number, number, number] };
}

function requireNhwc(format: string): void {
  if (format !== 'NHWC') throw new Error(`privkit's wasm conv gradients support NHWC only, got ${format}; transpose to channels-last.`);
}

/** A fresh float32 tensor on the heap (uninitialised: callers fill it). */
function allocate(backend: WasmBackend, shape: number[]): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, 'float32'));
}

/** Rows [first, first + count) of a 2-D float32 tensor, as a new tensor (or the tensor itself). */
function rowRange(backend: WasmBackend, t: tf.Tensor, first: number, count: number): tf.Tensor {
  const [rows, cols] = t.shape as [number, number];
  if (first === 0 && count === rows) return t;
  const part = allocate(backend, [count, cols]);
  heapF32(backend, part).set(heapF32(backend, t).subarray(first * cols, (first + count) * cols));
  return part;
}

export function conv2dBackpropFilter(args: FilterArgs): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  requireNhwc(attrs.dataFormat);
  const g: ConvGeometry = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const batch = x.shape[0]!, kk = patchSize(g), perImage = g.outHeight * g.outWidth;
  if (perExampleKernelsLoaded()) {
    // One pass of the SIMD kernel: no patch matrix, and no GEMM with a B·P-long inner dimension.
    const mark = releaseKernelBlocks();
    try {
      const dW = convFilterGradient(heapF32(backend, x), heapF32(backend, dy), kernelGeometry(g, batch), true);
      const out = backend.makeOutput(attrs.filterShape, 'float32');
      heapF32(backend, out).set(blockView(dW));
      return out;
    } finally {
      mark();
    }
  }
  const chunk = imagesPerChunk(g, batch);
  const xT = wrapInput(backend, x);
  const dy2 = tf.reshape(wrapInput(backend, dy), [batch * perImage, g.outChannels]);
  let sum: tf.Tensor | null = null;
  for (let first = 0; first < batch; first += chunk) {
    const count = Math.min(chunk, batch - first);
    const cols = allocate(backend, [count * perImage, kk]);
    im2col(heapF32(backend, xT), g, first, count, heapF32(backend, cols));
    const dyPart = rowRange(backend, dy2, first * perImage, count * perImage);
    // dWᵀ = dyᵀ · cols: transposing dy (P × Cout) is cheaper than transposing the patches.
    const part = tf.matMul(dyPart, cols, true, false);
    if (dyPart !== dy2) dyPart.dispose();
    cols.dispose();
    const next: tf.Tensor = sum === null ? part : tf.add(sum, part);
    if (sum !== null) { sum.dispose(); part.dispose(); }
    sum = next;
  }
  xT.dispose();
  dy2.dispose();
  const dW = tf.transpose(sum!);
  sum!.dispose();
  const out = backend.makeOutput(attrs.filterShape, 'float32');
  heapF32(backend, out).set(heapF32(backend, dW));
  dW.dispose();
  return out;
}

function kernelGeometry(g: ConvGeometry, batch: number) {
  return {
    batch, inHeight: g.inHeight, inWidth: g.inWidth, inChannels: g.inChannels,
    outHeight: g.outHeight, outWidth: g.outWidth, outChannels: g.outChannels,
    filterHeight: g.filterHeight, filterWidth: g.filterWidth, strideHeight: g.strideHeight, strideWidth: g.strideWidth,
    padTop: g.padInfo.top, padLeft: g.padInfo.left,
  };
}

export function conv2dBackpropInput(args: InputArgs): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  requireNhwc(attrs.dataFormat);
  const g: ConvGeometry = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const fast = strideOneAsForwardConv(backend, dy, filter, g);
  if (fast) return fast;
  const batch = attrs.inputShape[0], kk = patchSize(g), perImage = g.outHeight * g.outWidth;
  const chunk = imagesPerChunk(g, batch);
  const out = backend.makeOutput(attrs.inputShape, 'float32');
  heapF32(backend, out).fill(0);
  const w2 = tf.reshape(wrapInput(backend, filter), [kk, g.outChannels]);
  const dy2 = tf.reshape(wrapInput(backend, dy), [batch * perImage, g.outChannels]);
  for (let first = 0; first < batch; first += chunk) {
    const count = Math.min(chunk, batch - first);
    const dyPart = rowRange(backend, dy2, first * perImage, count * perImage);
    const dCols = tf.matMul(dyPart, w2, false, true);
    if (dyPart !== dy2) dyPart.dispose();
    col2imAdd(heapF32(backend, dCols), g, first, count, heapF32(backend, out));
    dCols.dispose();
  }
  w2.dispose();
  dy2.dispose();
  return out;
}

/**
 * With stride 1 the input gradient is a forward convolution of dy with the filter flipped in space
 * and its channel axes swapped, padded by (K − 1 − pad) before and (H − OH + pad) after, which
 * XNNPACK runs at full speed. The GEMM + col2im path is several times slower when a layer has few
 * channels (a GEMM with an inner dimension of 1–8, then a scatter of KH·KW·C values per pixel):
 * in DP-MERF's image generator it took 300 ms of a 490 ms step. Null when the shape does not allow it.
 */
function strideOneAsForwardConv(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo | null {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || g.dilationHeight !== 1 || g.dilationWidth !== 1) return null;
  const top = g.filterHeight - 1 - g.padInfo.top, left = g.filterWidth - 1 - g.padInfo.left;
  const bottom = g.inHeight - g.outHeight + g.padInfo.top, right = g.inWidth - g.outWidth + g.padInfo.left;
  if (Math.min(top, left, bottom, right) < 0) return null;
  const result = tf.tidy(() => {
    const w = tf.transpose(tf.reverse(wrapInput(backend, filter) as tf.Tensor4D, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(wrapInput(backend, dy) as tf.Tensor4D, w, 1, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  });
  const out = backend.makeOutput(result.shape, 'float32');
  heapF32(backend, out).set(heapF32(backend, result));
  result.dispose();
  return out;
}
