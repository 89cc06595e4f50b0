// Gauss–Hermite quadrature: ∫ f(t) e^{−t²} dt ≈ Σ w_i f(t_i), exact for polynomials of degree
// < 2n. Starting nodes by Golub–Welsch (eigenvalues of the Jacobi matrix of the Hermite
// recurrence), then polished by Newton's method on the orthonormal Hermite recurrence, which also
// gives each weight as 2/H̃'_n(t_i)² with full relative accuracy: adaptive quadrature multiplies
// the outer weights (~1e-20) by e^{t²}, so eigenvector-based weights would not do.
import { symmetricEigen } from '../../eval/linear/symmetric-eigen.js';

export interface QuadratureRule {
  readonly nodes: Float64Array;
  /** Weights for ∫ f(t) e^{−t²} dt (they sum to √π). */
  readonly weights: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

/** Orthonormal Hermite value p_n(t) and derivative (Numerical Recipes' gauher recurrence). */
function hermite(n: number, t: number): { p: number; dp: number } {
  let p1 = Math.PI ** -0.25, p2 = 0;
  for (let j = 1; j <= n; j++) {
    const p3 = p2;
    p2 = p1;
    p1 = t * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
  }
  return { p: p1, dp: Math.sqrt(2 * n) * p2 };
}

export function gaussHermite(n: number): QuadratureRule {
  if (!(Number.isInteger(n) && n >= 1 && n <= 200)) throw new Error(`gaussHermite: n must be an integer in [1, 200], got ${n}.`);
  const hit = cache.get(n);
  if (hit) return hit;
  const J = new Float64Array(n * n);
  for (let i = 1; i < n; i++) {
    const b = Math.sqrt(i / 2);
    J[(i - 1) * n + i] = b;
    J[i * n + i - 1] = b;
  }
  const { values } = symmetricEigen(J, n);
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let t = values[n - 1 - j]!; // ascending
    for (let it = 0; it < 10; it++) {
      const { p, dp } = hermite(n, t);
      const step = p / dp;
      t -= step;
      if (Math.abs(step) <= 1e-15 * (1 + Math.abs(t))) break;
    }
    nodes[j] = t;
    weights[j] = 2 / hermite(n, t).dp ** 2;
  }
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}
