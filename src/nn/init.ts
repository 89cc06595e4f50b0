// Parameter initialisation from the seeded generator (PyTorch's default: uniform ±1/√fanIn), and
// unique variable names (tfjs refuses two variables with one name in a process).
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';

let nextModelId = 0;

/** A fresh name prefix, so that several models can live in one process. */
export function uniquePrefix(base: string): string {
  return `${base}#${nextModelId++}`;
}

export function uniformVariable(shape: number[], bound: number, rng: Rng, name: string): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
  return tf.variable(tf.tensor(values, shape, 'float32'), true, name);
}

export function constantVariable(shape: number[], value: number, name: string): tf.Variable {
  return tf.variable(tf.fill(shape, value, 'float32'), true, name);
}
