// Parameter-free layers: activations, pooling, flattening.
import * as tf from '../engine/tf.js';
import type { Layer } from './layer.js';

export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'silu';

const ACTIVATIONS: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  // tanh approximation of GELU (as in GPT-2 and most diffusion U-Nets).
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))))),
  silu: (x) => tf.mul(x, tf.sigmoid(x)),
};

export function isActivation(name: string): name is ActivationName {
  return Object.hasOwn(ACTIVATIONS, name);
}

export function activationLayer(name: ActivationName): Layer {
  const fn = ACTIVATIONS[name];
  return { spec: { type: 'activation', name }, params: [], apply: (x) => fn(x) };
}

export function maxPoolLayer(size: number, stride: number): Layer {
  return { spec: { type: 'maxPool', size, stride }, params: [], apply: (x) => tf.maxPool(x as tf.Tensor4D, size, stride, 'valid') };
}

export function avgPoolLayer(size: number, stride: number): Layer {
  return { spec: { type: 'avgPool', size, stride }, params: [], apply: (x) => tf.avgPool(x as tf.Tensor4D, size, stride, 'valid') };
}

/** [B, …] → [B, prod(…)]. */
export function flattenLayer(): Layer {
  return { spec: { type: 'flatten' }, params: [], apply: (x) => tf.reshape(x, [x.shape[0]!, -1]) };
}
