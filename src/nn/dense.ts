// A dense layer's parameters, initialised as PyTorch's nn.Linear (uniform ±1/√fanIn) from a
// seeded generator, so `--seed` reproduces the initial network.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { uniformVariable, variableFrom } from './init.js';
import { traced, type Layer, type LinearOp } from './layer.js';

export interface Dense {
  readonly weight: tf.Variable; // [fanIn, fanOut]
  readonly bias: tf.Variable; // [fanOut]
}

export function createDense(fanIn: number, fanOut: number, rng: Rng, name: string): Dense {
  const bound = 1 / Math.sqrt(fanIn);
  const uniform = (size: number) => Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
  return {
    weight: variableFrom(tf.tensor2d(uniform(fanIn * fanOut), [fanIn, fanOut]), `${name}/w`),
    bias: variableFrom(tf.tensor1d(uniform(fanOut)), `${name}/b`),
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
    gamma: variableFrom(tf.ones([width]), `${name}/gamma`),
    beta: variableFrom(tf.zeros([width]), `${name}/beta`),
  };
}

export function applyBatchNorm(bn: BatchNorm, x: tf.Tensor2D, epsilon = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 0);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), bn.gamma), bn.beta) as tf.Tensor2D;
}

/** A dense layer as a network layer (its op is traced for DP-SGD). Inputs [B, in] or [B, …, in]. */
export function denseLayer(fanIn: number, fanOut: number, rng: Rng, name: string, useBias = true): Layer {
  const bound = 1 / Math.sqrt(fanIn);
  const weight = uniformVariable([fanIn, fanOut], bound, rng, `${name}/w`);
  const bias = useBias ? uniformVariable([fanOut], bound, rng, `${name}/b`) : null;
  const op: LinearOp = { kind: 'dense', weight, bias };
  return {
    spec: { type: 'dense', units: fanOut, inputUnits: fanIn, bias: useBias },
    params: bias ? [weight, bias] : [weight],
    apply(x, trace) {
      const z = x.rank === 2 ? tf.matMul(x as tf.Tensor2D, weight) : denseOnLastAxis(x, weight);
      return traced(trace, op, x, bias ? tf.add(z, bias) : z);
    },
  };
}

/** x·W over the last axis of a [B, …, in] tensor (one GEMM on the folded rows). */
function denseOnLastAxis(x: tf.Tensor, weight: tf.Variable): tf.Tensor {
  const [fanIn, fanOut] = weight.shape as [number, number];
  const rows = tf.reshape(x, [-1, fanIn]);
  return tf.reshape(tf.matMul(rows, weight), [...x.shape.slice(0, -1), fanOut]);
}
