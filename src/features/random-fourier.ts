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

/**
 * φ(x) for x [n, d] and frequencies omega ([d, D/2] as drawFrequencies returns): [n, D]. With
 * `omegaT` (omega transposed, kept by the caller) the input gradient is a plain product with it:
 * autodiff's transposed product would transpose omega on every call, and XNNPACK would repack the
 * fresh matrix each time (the RFF products took ~240 ms of a 340 ms DP-MERF generator step).
 */
export function fourierFeatures(x: tf.Tensor2D, omega: tf.Tensor2D, omegaT?: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const scale = Math.sqrt(2 / (2 * omega.shape[1]));
    return cosSinFeatures(omegaT ? projectWithTranspose(x, omega, omegaT) : tf.matMul(x, omega), scale);
  });
}

function projectWithTranspose(x: tf.Tensor2D, omega: tf.Tensor2D, omegaT: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.matMul(input as tf.Tensor2D, omega),
    gradFunc: (dy: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, omegaT),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}

/**
 * cos and sin of v to ~1e-7 absolute (float32 is all the features keep): reduce to r ∈ [−π/4, π/4]
 * around the nearest multiple k of π/2, evaluate short Taylor polynomials (degree 8 and 9; error
 * < (π/4)^10/10! ≈ 2.5e-8) and rotate by k. Several times faster than Math.cos + Math.sin.
 */
function cosSin(v: number, out: Float32Array, at: number, atSin: number, scale: number): void {
  const k = Math.round(v * (2 / Math.PI));
  const r = v - k * (Math.PI / 2);
  const r2 = r * r;
  const c = 1 + r2 * (-1 / 2 + r2 * (1 / 24 + r2 * (-1 / 720 + r2 * (1 / 40320))));
  const s = r * (1 + r2 * (-1 / 6 + r2 * (1 / 120 + r2 * (-1 / 5040 + r2 * (1 / 362880)))));
  switch (k & 3) {
    case 0: out[at] = c * scale; out[atSin] = s * scale; break;
    case 1: out[at] = -s * scale; out[atSin] = c * scale; break;
    case 2: out[at] = -c * scale; out[atSin] = -s * scale; break;
    default: out[at] = s * scale; out[atSin] = -c * scale;
  }
}

/**
 * [cos(p), sin(p)]·scale for projections p ([n, h]) as ONE op: tfjs-wasm's Sin and Cos kernels
 * run at ~36 ns per element (two of each per training step made DP-MERF 10× slower than its
 * matMuls). Forward: one JS pass writing both halves; gradient, from the saved outputs and also in
 * one pass: ∂/∂p = scale·(−dy_cos·sin + dy_sin·cos).
 */
export function cosSinFeatures(proj: tf.Tensor2D, scale: number): tf.Tensor2D {
  const [n, h] = proj.shape;
  const op = tf.customGrad(((p: tf.Tensor, save: tf.GradSaveFunc) => {
    const values = p.dataSync() as Float32Array;
    const out = new Float32Array(n * 2 * h);
    for (let i = 0; i < n; i++) {
      const row = i * 2 * h;
      for (let j = 0; j < h; j++) cosSin(values[i * h + j]!, out, row + j, row + h + j, scale);
    }
    const value = tf.tensor2d(out, [n, 2 * h]);
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = dy.dataSync() as Float32Array, f = saved[0]!.dataSync() as Float32Array;
        const dp = new Float32Array(n * h);
        for (let i = 0; i < n; i++) {
          const row = i * 2 * h;
          for (let j = 0; j < h; j++) dp[i * h + j] = g[row + h + j]! * f[row + j]! - g[row + j]! * f[row + h + j]!;
        }
        return tf.tensor2d(dp, [n, h]);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(proj) as tf.Tensor2D;
}
