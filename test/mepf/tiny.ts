// Small encoders for the DP-MEPF tests.
import * as tf from '../../src/engine/tf.js';
import { buildEncoder, type Encoder } from '../../src/mepf/encoder.js';

/** A seeded random encoder for h×w×1 images with stages `channels`. */
export function tinyEncoder(seed = 1, size = 8, channels = [4, 8, 8], classes = 3): Encoder {
  return buildEncoder({ kind: 'mepf-cnn', inputShape: [size, size, 1], channels, kernelSize: 3, classes }, seed);
}

/**
 * A 4×4×1 encoder with stages 2/2/2 whose channel 0 is relu(input) and channel 1 relu(−input) at
 * every stage: an all-white image (input +1) and an all-black one (input −1) then have activations
 * with disjoint supports, i.e. orthogonal unit-norm features — the worst case of a non-negative map.
 */
export function signSplitEncoder(): Encoder {
  const encoder = buildEncoder({ kind: 'mepf-cnn', inputShape: [4, 4, 1], channels: [2, 2, 2], kernelSize: 3, classes: 2 }, 0);
  const set = (i: number, shape: number[], entries: [number[], number][]) => {
    const values = tf.buffer(shape, 'float32');
    for (const [at, v] of entries) values.set(v, ...at);
    const t = values.toTensor();
    encoder.params[i]!.assign(t);
    t.dispose();
  };
  set(0, [3, 3, 1, 2], [[[1, 1, 0, 0], 1], [[1, 1, 0, 1], -1]]);
  for (const i of [2, 4]) set(i, [3, 3, 2, 2], [[[1, 1, 0, 0], 1], [[1, 1, 1, 1], 1]]);
  for (const i of [1, 3, 5]) set(i, [2], []);
  return encoder;
}

/** n rows of uniform [0, 1) pixels. */
export function randomPixels(n: number, dim: number, seed: number): tf.Tensor2D {
  return tf.randomUniform([n, dim], 0, 1, 'float32', seed) as tf.Tensor2D;
}
