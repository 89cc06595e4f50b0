/**
 * The analytic Gaussian mechanism (Balle & Wang 2018, arXiv 1805.06530, Thm 8): Gaussian noise with
 * std σ on a query of L2 sensitivity Δ is (ε, δ)-DP iff
 *   δ ≥ Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ).
 * Both inverses solve this condition on log δ with Brent's method, so they hold in the far tails.
 */
import { logNormalCdf, logSub } from './log-math.js';
import { brent } from './root-finding.js';
import { checkDelta, checkNonNegative, checkPositive } from './validate.js';

/** log of the smallest δ for which noise multiplier s = σ/Δ gives (ε, δ)-DP. */
export function analyticGaussianLogDelta(epsilon: number, noiseMultiplier: number): number {
  const s = noiseMultiplier;
  const a = 1 / (2 * s) - epsilon * s;
  const b = -1 / (2 * s) - epsilon * s;
  const logDelta = logSub(logNormalCdf(a), epsilon + logNormalCdf(b));
  // The difference is positive in exact arithmetic; if rounding makes it vanish, δ is ~0.
  return Number.isNaN(logDelta) ? -Infinity : logDelta;
}

export interface AnalyticGaussianDeltaOptions {
  readonly epsilon: number;
  readonly sigma: number;
  readonly sensitivity?: number;
}

/** The smallest δ for which Gaussian noise of std σ is (ε, δ)-DP. */
export function analyticGaussianDelta(options: AnalyticGaussianDeltaOptions): number {
  const epsilon = checkNonNegative(options.epsilon, 'ε (epsilon)', '1.0');
  const sigma = checkPositive(options.sigma, 'Noise std σ', '3.73');
  const sensitivity = checkPositive(options.sensitivity ?? 1, 'Sensitivity Δ', '1');
  return Math.exp(analyticGaussianLogDelta(epsilon, sigma / sensitivity));
}

export interface AnalyticGaussianSigmaOptions {
  readonly epsilon: number;
  readonly delta: number;
  readonly sensitivity?: number;
}

/** The smallest noise std σ for which the Gaussian mechanism is (ε, δ)-DP. */
export function analyticGaussianSigma(options: AnalyticGaussianSigmaOptions): number {
  const epsilon = checkNonNegative(options.epsilon, 'ε (epsilon)', '1.0');
  const delta = checkDelta(options.delta);
  const sensitivity = checkPositive(options.sensitivity ?? 1, 'Sensitivity Δ', '1');
  const logTarget = Math.log(delta);
  // Work in u = ln(σ/Δ): g decreases in u and is smooth over many decades.
  const g = (u: number): number => analyticGaussianLogDelta(epsilon, Math.exp(u)) - logTarget;
  const step = Math.LN10;
  let hi = 0;
  while (g(hi) > 0) hi += step;
  let lo = hi - step;
  while (g(lo) <= 0) lo -= step;
  const u = brent(g, lo, hi, { xTolerance: 1e-15 });
  return Math.exp(u) * sensitivity;
}

export interface AnalyticGaussianEpsilonOptions {
  readonly sigma: number;
  readonly delta: number;
  readonly sensitivity?: number;
}

/** The smallest ε for which Gaussian noise of std σ is (ε, δ)-DP. */
export function analyticGaussianEpsilon(options: AnalyticGaussianEpsilonOptions): number {
  const sigma = checkPositive(options.sigma, 'Noise std σ', '3.73');
  const delta = checkDelta(options.delta);
  const sensitivity = checkPositive(options.sensitivity ?? 1, 'Sensitivity Δ', '1');
  const s = sigma / sensitivity;
  const logTarget = Math.log(delta);
  const h = (eps: number): number => analyticGaussianLogDelta(eps, s) - logTarget;
  if (h(0) <= 0) return 0;
  let hi = 1;
  while (h(hi) > 0) hi *= 2;
  return brent(h, hi === 1 ? 0 : hi / 2, hi, { xTolerance: 1e-16 * hi });
}
