/**
 * Per-order RDP of the basic (unsampled) mechanisms. Each is a function of the order α > 1
 * (α = ∞ allowed) and returns the exact RDP or a published upper bound, as cited. Parameters are
 * validated by the event constructors that feed the accountant.
 */
import { logAdd } from './log-math.js';

/** Gaussian with noise multiplier σ (sensitivity 1): α/(2σ²) (Mironov 2017, Prop. 7). */
export function rdpGaussian(sigma: number, alpha: number): number {
  if (alpha === Infinity) return Infinity;
  return alpha / (2 * sigma * sigma);
}

/**
 * Laplace with scale b per unit of sensitivity (so it is (1/b)-DP); exact RDP from Mironov 2017,
 * Table II:  1/(α−1)·log[ α/(2α−1)·e^{(α−1)/b} + (α−1)/(2α−1)·e^{−α/b} ],  and 1/b at α = ∞.
 * Evaluated in log space so large α/b does not overflow.
 */
export function rdpLaplace(b: number, alpha: number): number {
  if (alpha === Infinity) return 1 / b;
  const logFirst = Math.log(alpha / (2 * alpha - 1)) + (alpha - 1) / b;
  const logSecond = Math.log((alpha - 1) / (2 * alpha - 1)) - alpha / b;
  return logAdd(logFirst, logSecond) / (alpha - 1);
}

/**
 * Any ε-DP mechanism: min(ε, αε²/2). The ε term holds because Rényi divergence is non-decreasing in
 * α and bounded by the max-divergence D_∞ ≤ ε (van Erven & Harremoës 2014); the αε²/2 term is
 * Bun & Steinke 2016, Prop. 3.3 (ε-DP ⇒ ½ε²-zCDP).
 */
export function rdpPureDp(epsilon: number, alpha: number): number {
  if (alpha === Infinity) return epsilon;
  return Math.min(epsilon, (alpha * epsilon * epsilon) / 2);
}

/**
 * The ε-DP exponential mechanism: min(ε, αε²/8), since it is also ε²/8-zCDP (Cesar & Rogers 2021,
 * "Bounding, concentrating, and truncating", bounded-range analysis; used by MST/AIM).
 */
export function rdpExponentialMechanism(epsilon: number, alpha: number): number {
  if (alpha === Infinity) return epsilon;
  return Math.min(epsilon, (alpha * epsilon * epsilon) / 8);
}

/** ρ-zCDP ⇒ RDP(α) = ρα for every α (Bun & Steinke 2016, Def. 1.1). */
export function rdpZcdp(rho: number, alpha: number): number {
  if (rho === 0) return 0;
  if (alpha === Infinity) return Infinity;
  return rho * alpha;
}
