// Parameter initialisation from the seeded generator (PyTorch's default: uniform ±1/√fanIn), and
// unique variable names (tfjs refuses two variables with one name in a process).
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';

let nextModelId = 0;

/** A fresh name prefix, so that several models can live in one process. */
export function uniquePrefix(base: string): string {
  return `${base}#${nextModelId++}`;
}

/**
 * A trainable variable holding `initial`, which is disposed: tf.variable shares the initial
 * tensor's storage, so leaving it alive would keep the weights' memory after the variable is gone.
 */
export function variableFrom(initial: tf.Tensor, name: string): tf.Variable {
  const v = tf.variable(initial, true, name);
  initial.dispose();
  return v;
}

export function uniformVariable(shape: number[], bound: number, rng: Rng, name: string): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
  return variableFrom(tf.tensor(values, shape, 'float32'), name);
}

export function constantVariable(shape: number[], value: number, name: string): tf.Variable {
  return variableFrom(tf.fill(shape, value, 'float32'), name);
}
