// Gaussians in natural (information) form: N(θ; μ, Σ) ∝ exp(hᵀθ − ½ θᵀΛθ) with the mean-type
// block h = Λμ and the precision block Λ = Σ⁻¹. EP multiplies and divides Gaussians, which is
// adding and subtracting these blocks, so SEP keeps every factor in this form.
import { cholesky, choleskySolve, inverseFromCholesky, symmetrize } from '../dense.js';

export interface GaussianNatural {
  readonly dim: number;
  /** h = Λμ, length dim. */
  readonly linear: Float64Array;
  /** Λ = Σ⁻¹, row-major dim×dim, symmetric (a site's Λ may be indefinite). */
  readonly precision: Float64Array;
}

export interface GaussianMoments {
  readonly dim: number;
  readonly mean: Float64Array;
  /** Row-major dim×dim. */
  readonly covariance: Float64Array;
}

export function zeroNatural(dim: number): GaussianNatural {
  return { dim, linear: new Float64Array(dim), precision: new Float64Array(dim * dim) };
}

export function cloneNatural(n: GaussianNatural): GaussianNatural {
  return { dim: n.dim, linear: Float64Array.from(n.linear), precision: Float64Array.from(n.precision) };
}

/** a·x + b·y, block by block. */
export function combineNatural(a: number, x: GaussianNatural, b: number, y: GaussianNatural): GaussianNatural {
  const out = zeroNatural(x.dim);
  for (let i = 0; i < x.linear.length; i++) out.linear[i] = a * x.linear[i]! + b * y.linear[i]!;
  for (let i = 0; i < x.precision.length; i++) out.precision[i] = a * x.precision[i]! + b * y.precision[i]!;
  return out;
}

/** Natural parameters of N(mean, covariance); throws if the covariance is not positive definite. */
export function naturalFromMoments(m: GaussianMoments): GaussianNatural {
  const L = cholesky(m.covariance, m.dim);
  if (L === null) throw new Error('naturalFromMoments: the covariance is not positive definite.');
  return { dim: m.dim, linear: choleskySolve(L, m.dim, m.mean), precision: inverseFromCholesky(L, m.dim) };
}

/** Mean and covariance of a natural-form Gaussian, or null when Λ is not positive definite. */
export function momentsFromNatural(n: GaussianNatural): GaussianMoments | null {
  const L = cholesky(n.precision, n.dim);
  if (L === null) return null;
  return { dim: n.dim, mean: choleskySolve(L, n.dim, n.linear), covariance: symmetrize(inverseFromCholesky(L, n.dim), n.dim) };
}
