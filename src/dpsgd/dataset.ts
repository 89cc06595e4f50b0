// Labelled examples in one flat Float32Array (row-major, one example after another), and the
// batches DP-SGD and evaluation cut from it.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { shuffleInPlace } from '../engine/random/seeded-rng.js';

export interface LabelledData {
  readonly features: Float32Array;
  /** Shape of one example, e.g. [28, 28, 1] or [14]. */
  readonly exampleShape: readonly number[];
  readonly labels: Int32Array;
  readonly classes: number;
}

export function exampleCount(data: LabelledData): number {
  return data.labels.length;
}

export function exampleSize(data: LabelledData): number {
  return data.exampleShape.reduce((a, b) => a * b, 1);
}

/** The examples at `indices` as tensors x [n, …exampleShape] and y [n] (int32). */
export function gatherBatch(data: LabelledData, indices: ArrayLike<number>): { x: tf.Tensor; y: tf.Tensor1D } {
  const size = exampleSize(data);
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    x.set(data.features.subarray(i * size, (i + 1) * size), k * size);
    y[k] = data.labels[i]!;
  }
  return { x: tf.tensor(x, [indices.length, ...data.exampleShape], 'float32'), y: tf.tensor1d(y, 'int32') };
}

/** Examples [start, end) in order. */
export function sliceBatch(data: LabelledData, start: number, end: number): { x: tf.Tensor; y: tf.Tensor1D } {
  return gatherBatch(data, Int32Array.from({ length: end - start }, (_, k) => start + k));
}

/** Splits off `count` random examples (e.g. a public split); the rest keeps the original order. */
export function splitExamples(data: LabelledData, count: number, rng: Rng): [LabelledData, LabelledData] {
  const n = exampleCount(data);
  if (count <= 0 || count >= n) throw new Error(`Cannot split ${count} of ${n} examples.`);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, rng);
  const first = Array.from(order.subarray(0, count)).sort((a, b) => a - b);
  const rest = Array.from(order.subarray(count)).sort((a, b) => a - b);
  return [subset(data, first), subset(data, rest)];
}

export function subset(data: LabelledData, indices: readonly number[]): LabelledData {
  const size = exampleSize(data);
  const features = new Float32Array(indices.length * size);
  indices.forEach((i, k) => features.set(data.features.subarray(i * size, (i + 1) * size), k * size));
  return { features, exampleShape: data.exampleShape, labels: Int32Array.from(indices, (i) => data.labels[i]!), classes: data.classes };
}
