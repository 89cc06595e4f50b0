// Gaussian noise on the coordinates DP-SGD updates: N(0, σ²C²) per kept coordinate, from the
// secure source. Masked-out coordinates get neither signal nor noise (they are not released).
import * as tf from '../engine/tf.js';
import { fillSecureGaussian } from '../engine/random/secure-gaussian.js';
import { keepCount } from './masks.js';

export function noisySum(sum: tf.Tensor, std: number, mask: tf.Tensor | undefined): tf.Tensor {
  const noise = new Float32Array(sum.size);
  if (!mask) {
    fillSecureGaussian(noise, std);
  } else {
    const m = mask.dataSync();
    let kept = 0;
    for (let i = 0; i < m.length; i++) if (m[i] !== 0) kept++;
    const draws = new Float32Array(kept);
    fillSecureGaussian(draws, std);
    for (let i = 0, k = 0; i < m.length; i++) if (m[i] !== 0) noise[i] = draws[k++]!;
  }
  return tf.tidy(() => tf.add(sum, tf.tensor(noise, sum.shape, 'float32')));
}

function countOnes(mask: tf.Tensor): number {
  const total = tf.sum(mask);
  const n = Math.round(total.dataSync()[0]!);
  total.dispose();
  return n;
}

/**
 * Coordinates that receive signal and noise at each step (the noise energy is σ²C² times this):
 * pre-pruning keeps the masks' ones, gradient dropping then keeps (1 − rate) of those per tensor.
 */
export function coordinatesPerStep(params: readonly tf.Variable[], prune: ReadonlyMap<tf.Variable, tf.Tensor>, dropRate: number | null = null): number {
  let n = 0;
  for (const p of params) {
    const m = prune.get(p);
    const allowed = m ? countOnes(m) : p.size;
    n += dropRate !== null && p.rank >= 2 ? keepCount(allowed, dropRate) : allowed;
  }
  return n;
}
