// Layer and group normalisation for DP-SGD: unlike batch norm, statistics are per example, so
// examples stay independent. The parameter-free standardisation x̂ is plain tf ops; the affine
// part z = x̂ ⊙ γ + β is announced as a scaleShift op so the DP engine sees both parameters.
import * as tf from '../engine/tf.js';
import { constantVariable } from './init.js';
import { traced, type Layer, type LinearOp } from './layer.js';

export interface NormOptions {
  /** Added to the variance before the square root (PyTorch's default 1e-5). */
  epsilon?: number;
  /** Layer norm only: false drops the scale and shift (no parameters, as PyTorch's elementwise_affine=False). */
  affine?: boolean;
}

function checkChannels(x: tf.Tensor, channels: number, kind: string): void {
  const last = x.shape[x.rank - 1];
  if (x.rank < 2 || last !== channels) throw new Error(`${kind} expects inputs [B, …, ${channels}], got [${x.shape}].`);
}

/** γ = 1, β = 0 over `channels` and the scaleShift op that uses them. */
function affine(channels: number, name: string): { gamma: tf.Variable; beta: tf.Variable; op: LinearOp } {
  const gamma = constantVariable([channels], 1, `${name}/gamma`);
  const beta = constantVariable([channels], 0, `${name}/beta`);
  return { gamma, beta, op: { kind: 'scaleShift', weight: gamma, bias: beta } };
}

/** Normalises over the last axis of [B, …, channels]. */
export function layerNormLayer(channels: number, name: string, options: NormOptions = {}): Layer {
  const epsilon = options.epsilon ?? 1e-5;
  const standardize = (x: tf.Tensor) => {
    checkChannels(x, channels, 'Layer norm');
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)));
  };
  if (options.affine === false) {
    return { spec: { type: 'layerNorm', channels, epsilon, affine: false }, params: [], apply: (x) => standardize(x) };
  }
  const { gamma, beta, op } = affine(channels, name);
  return {
    spec: { type: 'layerNorm', channels, epsilon },
    params: [gamma, beta],
    apply(x, trace) {
      const xhat = standardize(x);
      return traced(trace, op, xhat, tf.add(tf.mul(xhat, gamma), beta));
    },
  };
}

/**
 * Group norm on channels-last inputs [B, H, W, C] or [B, T, C]: each example's statistics are
 * taken per group over all positions and the group's C/groups channels.
 */
export function groupNormLayer(channels: number, groups: number, name: string, options: NormOptions = {}): Layer {
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new Error(`Group norm needs the ${channels} channels to split evenly into ${groups} groups.`);
  }
  const epsilon = options.epsilon ?? 1e-5;
  const { gamma, beta, op } = affine(channels, name);
  return {
    spec: { type: 'groupNorm', channels, groups, epsilon },
    params: [gamma, beta],
    apply(x, trace) {
      checkChannels(x, channels, 'Group norm');
      // [B, positions, groups, channels per group]: moments over positions and the group's channels.
      const grouped = tf.reshape(x, [x.shape[0]!, -1, groups, channels / groups]);
      const { mean, variance } = tf.moments(grouped, [1, 3], true);
      const xhat = tf.reshape(tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, epsilon))), x.shape);
      return traced(trace, op, xhat, tf.add(tf.mul(xhat, gamma), beta));
    },
  };
}
