/**
 * autodp's `gaussian_mech(ε, δ, k)` calibration, used by DP-MERF / DP-HP / DP-NTK
 * (methods/mmd-generators.md §1.3): k Gaussian releases with noise multiplier σ have RDP kα/(2σ²);
 * the classic conversion minimised over continuous α gives the closed form
 *   ε(σ) = k/(2σ²) + √(2k·ln(1/δ))/σ,
 * whose inverse is 1/σ = (√(2kL + 2kε) − √(2kL))/k with L = ln(1/δ).
 */
import { checkDelta, checkPositive } from './validate.js';

export interface AutodpGaussianOptions {
  readonly delta: number;
  /** Number of Gaussian releases sharing the noise multiplier (default 1). */
  readonly k?: number;
}

/** ε of k Gaussian releases with noise multiplier σ. */
export function autodpGaussianEpsilon(options: AutodpGaussianOptions & { readonly sigma: number }): number {
  const sigma = checkPositive(options.sigma, 'Noise multiplier σ', '5');
  const delta = checkDelta(options.delta);
  const k = checkPositive(options.k ?? 1, 'Number of releases k', '1');
  return k / (2 * sigma * sigma) + Math.sqrt(2 * k * Math.log(1 / delta)) / sigma;
}

/** The noise multiplier σ at which k Gaussian releases spend exactly ε. */
export function autodpGaussianSigma(options: AutodpGaussianOptions & { readonly epsilon: number }): number {
  const epsilon = checkPositive(options.epsilon, 'ε (epsilon)', '1.0');
  const delta = checkDelta(options.delta);
  const k = checkPositive(options.k ?? 1, 'Number of releases k', '1');
  const twoKL = 2 * k * Math.log(1 / delta);
  // (√(2kL + 2kε) − √(2kL))/k rewritten as 2ε/(√(2kL + 2kε) + √(2kL)) to avoid cancellation.
  return (Math.sqrt(twoKL + 2 * k * epsilon) + Math.sqrt(twoKL)) / (2 * epsilon);
}
