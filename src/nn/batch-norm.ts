// Batch normalisation as a network layer, for non-private models only: its output for one example
// depends on the whole batch, so per-example gradients (and DP-SGD) are undefined with it.
import * as tf from '../engine/tf.js';
import { constantVariable } from './init.js';
import type { Layer } from './layer.js';

export function batchNormLayer(channels: number, name: string): Layer {
  const gamma = constantVariable([channels], 1, `${name}/gamma`);
  const beta = constantVariable([channels], 0, `${name}/beta`);
  return {
    spec: { type: 'batchNorm', channels },
    params: [gamma, beta],
    mixesExamples: true,
    apply(x) {
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
      const { mean, variance } = tf.moments(x, axes);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
    },
  };
}
