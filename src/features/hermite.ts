// Hermite-polynomial features (DP-HP): a finite expansion of the 1-D Gaussian kernel by Mehler's
// formula, φ(x)ᵀφ(y) → exp(−(x−y)²/(2ℓ²)) as the order grows, with Σ_k φ_k(x)² ≤ 1 for every x.
import * as tf from '../engine/tf.js';

/** ρ ∈ (0, 1) for the kernel exp(−(x−y)²/(2ℓ²)): the root of ρ/(1−ρ²) = 1/(2ℓ²). */
export function hermiteRho(lengthScaleSquared: number): number {
  if (!(lengthScaleSquared > 0)) throw new Error(`The kernel length scale² must be > 0, got ${lengthScaleSquared}.`);
  const alpha = 1 / (2 * lengthScaleSquared);
  return (-1 + Math.sqrt(1 + 4 * alpha * alpha)) / (2 * alpha);
}

/**
 * Features φ_0..φ_order of each entry of x ([n, d]) with per-coordinate ρ ([d] or one number),
 * returned as [n, d, order + 1]. The three-term recursion is stable (no explicit Hermite
 * polynomials or factorials). Differentiable in x.
 */
export function hermiteFeatures(x: tf.Tensor2D, rho: number | Float32Array, order: number): tf.Tensor3D {
  if (!Number.isInteger(order) || order < 0) throw new Error(`Hermite order must be an integer >= 0, got ${order}.`);
  return tf.tidy(() => {
    const [n, d] = x.shape;
    const r = typeof rho === 'number' ? tf.fill([1, d], rho) : tf.tensor2d(rho, [1, d]);
    const phi0 = tf.mul(tf.pow(tf.mul(tf.sub(1, r), tf.add(1, r)), 0.25), tf.exp(tf.neg(tf.div(tf.mul(r, tf.square(x)), tf.add(1, r)))));
    const terms: tf.Tensor2D[] = [phi0 as tf.Tensor2D];
    if (order >= 1) terms.push(tf.mul(tf.mul(tf.sqrt(tf.mul(2, r)), x), phi0) as tf.Tensor2D);
    for (let k = 1; k < order; k++) {
      const a = tf.mul(tf.sqrt(tf.div(tf.mul(2, r), k + 1)), x);
      const b = tf.mul(r, Math.sqrt(k / (k + 1)));
      terms.push(tf.sub(tf.mul(a, terms[k]!), tf.mul(b, terms[k - 1]!)) as tf.Tensor2D);
    }
    return tf.reshape(tf.stack(terms, 2), [n, d, order + 1]) as tf.Tensor3D;
  });
}

/**
 * Sum-kernel features (1/√d)·[φ(x_1); …; φ(x_d)] ([n, d·(order+1)]), the feature map of
 * (1/d)·Σ_j k(x_j, y_j); norm ≤ 1.
 */
export function hermiteSumFeatures(x: tf.Tensor2D, rho: number | Float32Array, order: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, d] = x.shape;
    return tf.div(tf.reshape(hermiteFeatures(x, rho, order), [n, d * (order + 1)]), Math.sqrt(d)) as tf.Tensor2D;
  });
}

/**
 * Product-kernel features ⊗_{j∈S} φ(x_j) over the coordinates `subset` ([n, (order+1)^|S|]), the
 * feature map of Π_{j∈S} k(x_j, y_j); norm ≤ 1.
 */
export function hermiteProductFeatures(x: tf.Tensor2D, rho: number | Float32Array, order: number, subset: readonly number[]): tf.Tensor2D {
  if (subset.length === 0) throw new Error('The product kernel needs at least one coordinate.');
  return tf.tidy(() => {
    const n = x.shape[0];
    const cols = tf.gather(x, tf.tensor1d(Int32Array.from(subset), 'int32'), 1) as tf.Tensor2D;
    const r = typeof rho === 'number' ? rho : Float32Array.from(subset, (j) => rho[j]!);
    const phi = hermiteFeatures(cols, r, order); // [n, p, order+1]
    const width = order + 1;
    let out = tf.reshape(tf.slice(phi, [0, 0, 0], [n, 1, width]), [n, width]);
    for (let j = 1; j < subset.length; j++) {
      const next = tf.reshape(tf.slice(phi, [0, j, 0], [n, 1, width]), [n, 1, width]);
      out = tf.reshape(tf.mul(tf.reshape(out, [n, -1, 1]), next), [n, -1]);
    }
    return out as tf.Tensor2D;
  });
}
