// UnsortedSegmentSum is missing on tfjs-wasm 4.22; it is the gradient of gather (embeddings).
// A single pass over the rows on the heap.
import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackend } from './heap.js';

interface SegmentArgs {
  inputs: { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  backend: WasmBackend;
  attrs: { numSegments: number };
}

export function unsortedSegmentSum(args: SegmentArgs): tf.TensorInfo {
  const { inputs: { x, segmentIds }, backend, attrs: { numSegments } } = args;
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const width = rows === 0 ? 0 : tf.util.sizeFromShape(x.shape) / rows;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = backend.makeOutput(outShape, x.dtype);
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  dst.fill(0);
  const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  for (let r = 0; r < rows; r++) {
    const s = ids[r]!;
    if (s < 0 || s >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
    const from = r * width, to = s * width;
    for (let j = 0; j < width; j++) dst[to + j]! += src[from + j]!;
  }
  return out;
}
