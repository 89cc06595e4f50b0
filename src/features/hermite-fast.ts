// Hermite features as ONE differentiable op. The tf-op recursion costs ~6 ops per order, forward
// and backward, and per-op overhead dominated generator training (hundreds of tiny ops a step).
// Here the recursion and its derivative run in one JS loop; the gradient is upstream · φ'(x)
// summed over the orders:
//   φ_0 = c·e^{−βx²}, β = ρ/(1+ρ), c = ((1−ρ)(1+ρ))^{1/4};  φ_0' = −2βx·φ_0
//   φ_1 = √(2ρ)·x·φ_0;                                       φ_1' = √(2ρ)·(φ_0 + x·φ_0')
//   φ_{k+1} = a_k·x·φ_k − b_k·φ_{k−1};  φ_{k+1}' = a_k·(φ_k + x·φ_k') − b_k·φ_{k−1}'
// with a_k = √(2ρ/(k+1)), b_k = ρ·√(k/(k+1)).
import * as tf from '../engine/tf.js';

/** φ and φ' of every entry of x ([n·d] values, coordinate j = i mod d uses rho[j]) as [n·d·(order+1)]. */
export function hermiteValuesAndSlopes(x: Float32Array, d: number, rho: Float32Array, order: number): { phi: Float32Array; slope: Float32Array } {
  const width = order + 1;
  const phi = new Float32Array(x.length * width), slope = new Float32Array(x.length * width);
  const a = new Float64Array(order), b = new Float64Array(order);
  for (let i = 0; i < x.length; i++) {
    const r = rho[i % d]!, v = x[i]!;
    const beta = r / (1 + r), c = Math.pow((1 - r) * (1 + r), 0.25);
    for (let k = 1; k < order; k++) { a[k] = Math.sqrt((2 * r) / (k + 1)); b[k] = r * Math.sqrt(k / (k + 1)); }
    let p0 = c * Math.exp(-beta * v * v), s0 = -2 * beta * v * p0;
    const base = i * width;
    phi[base] = p0; slope[base] = s0;
    if (order === 0) continue;
    const a0 = Math.sqrt(2 * r);
    let p1 = a0 * v * p0, s1 = a0 * (p0 + v * s0);
    phi[base + 1] = p1; slope[base + 1] = s1;
    for (let k = 1; k < order; k++) {
      const p2 = a[k]! * v * p1 - b[k]! * p0, s2 = a[k]! * (p1 + v * s1) - b[k]! * s0;
      phi[base + k + 1] = p2; slope[base + k + 1] = s2;
      p0 = p1; p1 = p2; s0 = s1; s1 = s2;
    }
  }
  return { phi, slope };
}

/** Same result as hermiteFeatures ([n, d, order+1]), as a single op with a custom gradient. */
export function hermiteFeaturesFast(x: tf.Tensor2D, rho: number | Float32Array, order: number): tf.Tensor3D {
  const [n, d] = x.shape;
  const rhos = typeof rho === 'number' ? new Float32Array(d).fill(rho) : rho;
  const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const { phi, slope } = hermiteValuesAndSlopes(input.dataSync() as Float32Array, d, rhos, order);
    const slopes = tf.tensor3d(slope, [n, d, order + 1]);
    save([slopes]);
    return {
      value: tf.tensor3d(phi, [n, d, order + 1]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.sum(tf.mul(dy, saved[0]!), 2),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor3D;
}
