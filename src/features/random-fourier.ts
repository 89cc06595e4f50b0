// Random Fourier features (DP-MERF): φ(x) = √(2/D)·[cos(ωᵀx); sin(ωᵀx)] with ω ~ N(0, ℓ⁻²I), so
// φ(x)ᵀφ(y) ≈ exp(−‖x−y‖²/(2ℓ²)) and ‖φ(x)‖ = 1 exactly. The frequencies depend only on the seed.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';

/** D/2 frequencies for inputs of dimension d, as a [d, D/2] matrix. */
export function drawFrequencies(d: number, features: number, lengthScale: number, rng: Rng): Float32Array {
  if (!(features >= 2) || features % 2 !== 0) throw new Error(`The number of random Fourier features must be even and >= 2, got ${features}.`);
  if (!(lengthScale > 0)) throw new Error(`The kernel length scale must be > 0, got ${lengthScale}.`);
  const omega = new Float32Array(d * (features / 2));
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal() / lengthScale;
  return omega;
}

/** φ(x) for x [n, d] and frequencies omega ([d, D/2] as drawFrequencies returns): [n, D]. */
export function fourierFeatures(x: tf.Tensor2D, omega: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const proj = tf.matMul(x, omega);
    const scale = Math.sqrt(2 / (2 * omega.shape[1]));
    return tf.mul(tf.concat([tf.cos(proj), tf.sin(proj)], 1), scale) as tf.Tensor2D;
  });
}
