/**
 * Zero-concentrated DP (Bun & Steinke 2016) and its conversions to (ε, δ)-DP (accounting.md §6).
 *  - Bun–Steinke Prop. 1.3: ρ-zCDP ⇒ (ρ + 2√(ρ ln(1/δ)), δ)-DP, and its δ- and ρ-forms.
 *  - Canonne–Kamath–Steinke 2020 (the tighter one MST/AIM use):
 *      δ(ρ, ε) = min_{α>1} exp((α − 1)(αρ − ε) + α ln(1 − 1/α)) / (α − 1),
 *    with ε and ρ found by bisection on the conservative side.
 */
import { checkDelta, checkNonNegative, checkPositive } from './validate.js';

/** ρ of the Gaussian mechanism with noise std σ and L2 sensitivity Δ: Δ²/(2σ²). */
export function gaussianRho(sigma: number, sensitivity = 1): number {
  checkPositive(sigma, 'Noise std σ', '1.0');
  checkPositive(sensitivity, 'Sensitivity Δ', '1');
  return (sensitivity * sensitivity) / (2 * sigma * sigma);
}

/** Bisects f's sign change on [lo, hi] until the bracket stops shrinking; f(lo) true, f(hi) false. */
function bisect(lo: number, hi: number, isLow: (x: number) => boolean): [number, number] {
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (isLow(mid)) lo = mid;
    else hi = mid;
  }
  return [lo, hi];
}

/** CKS: the smallest δ for which ρ-zCDP implies (ε, δ)-DP (capped at 1). */
export function cdpDelta(rho: number, epsilon: number): number {
  checkNonNegative(rho, 'zCDP ρ (rho)', '0.5');
  checkNonNegative(epsilon, 'ε (epsilon)', '1.0');
  if (rho === 0) return 0;
  // The exponent is convex in α; its derivative is (2α − 1)ρ − ε + ln(1 − 1/α). α ≥ 1.01 keeps
  // the expression away from its singularity at 1.
  const [lo, hi] = bisect(1.01, (epsilon + 1) / (2 * rho) + 2, (a) => (2 * a - 1) * rho - epsilon + Math.log1p(-1 / a) < 0);
  const alpha = 0.5 * (lo + hi);
  const logDelta = (alpha - 1) * (alpha * rho - epsilon) + alpha * Math.log1p(-1 / alpha) - Math.log(alpha - 1);
  return Math.min(1, Math.exp(logDelta));
}

/** CKS: the smallest ε (to double precision) with cdpDelta(ρ, ε) ≤ δ. */
export function cdpEpsilon(rho: number, delta: number): number {
  checkNonNegative(rho, 'zCDP ρ (rho)', '0.5');
  checkDelta(delta);
  if (rho === 0) return 0;
  const upper = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  return bisect(0, upper, (eps) => cdpDelta(rho, eps) > delta)[1];
}

/** CKS: the largest ρ (to double precision) with cdpDelta(ρ, ε) ≤ δ. */
export function cdpRho(epsilon: number, delta: number): number {
  checkNonNegative(epsilon, 'ε (epsilon)', '1.0');
  checkDelta(delta);
  return bisect(0, epsilon + 1, (rho) => cdpDelta(rho, epsilon) <= delta)[0];
}

/** Bun–Steinke: ε = ρ + 2√(ρ ln(1/δ)). */
export function bunSteinkeEpsilon(rho: number, delta: number): number {
  checkNonNegative(rho, 'zCDP ρ (rho)', '0.5');
  checkDelta(delta);
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
}

/** Bun–Steinke: δ = exp(−(ε − ρ)²/(4ρ)) for ε ≥ ρ (else 1). */
export function bunSteinkeDelta(rho: number, epsilon: number): number {
  checkNonNegative(rho, 'zCDP ρ (rho)', '0.5');
  checkNonNegative(epsilon, 'ε (epsilon)', '1.0');
  if (rho === 0) return 0;
  if (epsilon <= rho) return 1;
  return Math.exp(-((epsilon - rho) ** 2) / (4 * rho));
}

/** Bun–Steinke inverse: ρ = (√(L + ε) − √L)², L = ln(1/δ); written without cancellation. */
export function bunSteinkeRho(epsilon: number, delta: number): number {
  checkNonNegative(epsilon, 'ε (epsilon)', '1.0');
  checkDelta(delta);
  const L = Math.log(1 / delta);
  const root = epsilon / (Math.sqrt(L + epsilon) + Math.sqrt(L));
  return root * root;
}
