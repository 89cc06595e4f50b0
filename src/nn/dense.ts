// A dense layer's parameters, initialised as PyTorch's nn.Linear (uniform ±1/√fanIn) from a
// seeded generator, so `--seed` reproduces the initial network.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';

export interface Dense {
  readonly weight: tf.Variable; // [fanIn, fanOut]
  readonly bias: tf.Variable; // [fanOut]
}

export function createDense(fanIn: number, fanOut: number, rng: Rng, name: string): Dense {
  const bound = 1 / Math.sqrt(fanIn);
  const uniform = (size: number) => Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
  return {
    weight: tf.variable(tf.tensor2d(uniform(fanIn * fanOut), [fanIn, fanOut]), true, `${name}/w`),
    bias: tf.variable(tf.tensor1d(uniform(fanOut)), true, `${name}/b`),
  };
}

export function applyDense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, layer.weight), layer.bias) as tf.Tensor2D;
}

/** Batch normalisation over the rows with learnable scale and shift (training-mode statistics). */
export interface BatchNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
}

export function createBatchNorm(width: number, name: string): BatchNorm {
  return {
    gamma: tf.variable(tf.ones([width]), true, `${name}/gamma`),
    beta: tf.variable(tf.zeros([width]), true, `${name}/beta`),
  };
}

export function applyBatchNorm(bn: BatchNorm, x: tf.Tensor2D, epsilon = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 0);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), bn.gamma), bn.beta) as tf.Tensor2D;
}
