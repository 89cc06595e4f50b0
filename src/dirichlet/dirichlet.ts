// Dirichlet draws s ∼ Dir(φ) as normalised Gamma draws, with the reparameterisation gradient of s
// in φ; the point-estimate mode φ/Σφ; component variances; the softplus map θ ↦ φ.
//
// With g_k ∼ Gamma(φ_k, 1) and s = g/Σg: ∂s_j/∂g_k = (δ_jk − s_j)/Σg and g_k depends on φ_k only,
// so ∂s_j/∂φ_k = (δ_jk − s_j)·s_k·∂ln g_k/∂φ_k. Everything runs from ln g, so components whose
// Gamma draw underflows (tiny φ) come out as exact zeros with zero gradient instead of NaN.

import type { Rng } from '../engine/random/seeded-rng.js';
import { gammaLogReparamGrad, sampleLogGamma } from './gamma-sample.js';

/** One Dirichlet draw with what its gradient needs. */
export interface DirichletDraw {
  /** The concentrations φ it was drawn with. */
  readonly phi: Float64Array;
  /** s on the simplex. */
  readonly sample: Float64Array;
  /** ∂ ln g_k/∂φ_k for the Gamma draws behind s. */
  readonly dLogGamma: Float64Array;
}

function checkConcentrations(phi: ArrayLike<number>): Float64Array {
  if (phi.length === 0) throw new Error('A Dirichlet needs at least one concentration.');
  const out = Float64Array.from(phi);
  for (const v of out) {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`Dirichlet concentrations must be positive finite numbers, got ${v}.`);
  }
  return out;
}

/** Draws s ∼ Dir(φ) and the per-component Gamma gradients for `dirichletVjp`/`dirichletJacobian`. */
export function drawDirichlet(phi: ArrayLike<number>, rng: Rng): DirichletDraw {
  const conc = checkConcentrations(phi);
  const d = conc.length;
  const logG = new Float64Array(d);
  let maxLog = -Infinity;
  for (let k = 0; k < d; k++) {
    logG[k] = sampleLogGamma(conc[k]!, rng);
    if (logG[k]! > maxLog) maxLog = logG[k]!;
  }
  // s = softmax(ln g): subtracting the largest log keeps Σ ≥ 1, so no 0/0.
  const sample = new Float64Array(d);
  let total = 0;
  for (let k = 0; k < d; k++) { sample[k] = Math.exp(logG[k]! - maxLog); total += sample[k]!; }
  for (let k = 0; k < d; k++) sample[k] = sample[k]! / total;
  const dLogGamma = new Float64Array(d);
  for (let k = 0; k < d; k++) dLogGamma[k] = sample[k] === 0 ? 0 : gammaLogReparamGrad(conc[k]!, logG[k]!);
  return { phi: conc, sample, dLogGamma };
}

/** s ∼ Dir(φ). */
export function sampleDirichlet(phi: ArrayLike<number>, rng: Rng): Float64Array {
  return drawDirichlet(phi, rng).sample;
}

/**
 * The vector–Jacobian product Σ_j dy_j ∂s_j/∂φ_k = s_k·∂ln g_k/∂φ_k·(dy_k − Σ_j dy_j s_j), O(D):
 * the gradient in φ of a loss whose gradient in s is dy.
 */
export function dirichletVjp(draw: DirichletDraw, dy: ArrayLike<number>): Float64Array {
  const { sample, dLogGamma } = draw;
  const d = sample.length;
  if (dy.length !== d) throw new Error(`dirichletVjp: dy has ${dy.length} entries, the draw ${d}.`);
  let weighted = 0;
  for (let j = 0; j < d; j++) weighted += dy[j]! * sample[j]!;
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) out[k] = sample[k] === 0 ? 0 : sample[k]! * dLogGamma[k]! * (dy[k]! - weighted);
  return out;
}

/** The full Jacobian, row-major: entry j·D + k is ∂s_j/∂φ_k = (δ_jk − s_j)·s_k·∂ln g_k/∂φ_k. */
export function dirichletJacobian(draw: DirichletDraw): Float64Array {
  const { sample, dLogGamma } = draw;
  const d = sample.length;
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const col = sample[k] === 0 ? 0 : sample[k]! * dLogGamma[k]!;
    for (let j = 0; j < d; j++) out[j * d + k] = ((j === k ? 1 : 0) - sample[j]!) * col;
  }
  return out;
}

/** The point-estimate mode of both reference codes: s = φ/Σφ (the Dirichlet mean; no sampling). */
export function dirichletMean(phi: ArrayLike<number>): Float64Array {
  const conc = checkConcentrations(phi);
  let total = 0;
  for (const v of conc) total += v;
  return conc.map((v) => v / total);
}

/** Var(s_j) = p_j(1 − p_j)/(Σφ + 1) with p = φ/Σφ (the Q-FIT confidence readout). */
export function dirichletVariance(phi: ArrayLike<number>): Float64Array {
  const conc = checkConcentrations(phi);
  let total = 0;
  for (const v of conc) total += v;
  return conc.map((v) => { const p = v / total; return (p * (1 - p)) / (total + 1); });
}

/** φ = softplus(θ) = ln(1 + e^θ), without overflow for large θ. */
export function softplus(theta: number): number {
  return theta > 0 ? theta + Math.log1p(Math.exp(-theta)) : Math.log1p(Math.exp(theta));
}

/** dφ/dθ = σ(θ) = 1/(1 + e^{−θ}). */
export function sigmoid(theta: number): number {
  if (theta >= 0) return 1 / (1 + Math.exp(-theta));
  const e = Math.exp(theta);
  return e / (1 + e);
}

/** θ with softplus(θ) = φ > 0, for initialising θ from wanted concentrations. */
export function softplusInverse(phi: number): number {
  if (!(phi > 0)) throw new Error(`softplusInverse needs a positive value, got ${phi}.`);
  return phi > 30 ? phi + Math.log(-Math.expm1(-phi)) : Math.log(Math.expm1(phi));
}
