// Adding privacy noise to tensors: values are drawn by the secure sampler, then uploaded.
import * as tf from '@tensorflow/tfjs-core';
import { fillSecureGaussian } from './random/secure-gaussian.js';

/** x + N(0, std²) elementwise, with the noise from the secure source. */
export function addSecureGaussianNoise<T extends tf.Tensor>(x: T, std: number): T {
  const noise = new Float32Array(x.size);
  fillSecureGaussian(noise, std);
  return tf.tidy(() => tf.add(x, tf.tensor(noise, x.shape, 'float32'))) as T;
}
