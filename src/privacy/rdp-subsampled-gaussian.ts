/**
 * RDP of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, arXiv 1908.10530),
 * add/remove-one neighbours, sensitivity 1:
 *   RDP(α) = log(A_α)/(α − 1),  A_α = E_{z∼N(0,σ²)}[((1 − q) + q·exp((2z − 1)/(2σ²)))^α].
 * Written from the paper's Sec. 3.3 formulas; accounting.md §1 describes the numerics.
 */
import { ensure } from '../errors.js';
import { logAdd, logBinomial, logNormalCdf, logSub } from './log-math.js';
import { checkCount, checkSamplingRate } from './validate.js';

/** Largest series length we accept before declaring an order unusable (NaN, then ignored). */
const MAX_SERIES_TERMS = 2_000_000;

/**
 * log A_α for integer α ≥ 2: the exact binomial sum. Because Σ_k C(α,k)(1 − q)^{α−k}q^k = 1, we sum
 *   A_α − 1 = Σ_{k≥2} C(α,k)·(1 − q)^{α−k}·q^k·(e^{(k²−k)/(2σ²)} − 1),
 * whose terms are all ≥ 0, in log space, and finish with log1p: this keeps full relative accuracy
 * even when the RDP is tiny (small q, large σ), where summing A_α itself would cancel.
 */
export function logAIntegerOrder(q: number, sigma: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const inv2s2 = 1 / (2 * sigma * sigma);
  let logAMinus1 = -Infinity;
  for (let k = 2; k <= alpha; k++) {
    const c = (k * k - k) * inv2s2;
    const logExpm1 = c > 1 ? c + Math.log1p(-Math.exp(-c)) : Math.log(Math.expm1(c));
    const term = logBinomial(alpha, k).logAbs + k * logQ + (alpha - k) * log1mQ + logExpm1;
    logAMinus1 = logAdd(logAMinus1, term);
  }
  // log A = log(1 + e^L), L = log(A − 1)
  return logAMinus1 > 0
    ? logAMinus1 + Math.log1p(Math.exp(-logAMinus1))
    : Math.log1p(Math.exp(logAMinus1));
}

/**
 * log A_α for fractional α: A_α = A₀ + A₁, the integrals over (−∞, z₀] and [z₀, ∞), each expanded in
 * the generalized binomial series. Signs are kept (terms with C(α,k) < 0 are subtracted), which
 * makes the sum exact rather than an upper bound; the series stops once both new terms are below
 * e^−30. Returns NaN if rounding drives a partial sum negative or the series fails to converge.
 */
export function logAFractionalOrder(q: number, sigma: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const inv2s2 = 1 / (2 * sigma * sigma);
  const z0 = sigma * sigma * (log1mQ - logQ) + 0.5; // σ²·ln(1/q − 1) + ½
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  for (let i = 0; i < MAX_SERIES_TERMS; i++) {
    const { logAbs, sign } = logBinomial(alpha, i);
    const j = alpha - i;
    // ½·erfc((i − z₀)/(√2σ)) = Φ((z₀ − i)/σ) and ½·erfc((z₀ − j)/(√2σ)) = Φ((j − z₀)/σ).
    const logS0 =
      logAbs + i * logQ + j * log1mQ + (i * i - i) * inv2s2 + logNormalCdf((z0 - i) / sigma);
    const logS1 =
      logAbs + j * logQ + i * log1mQ + (j * j - j) * inv2s2 + logNormalCdf((j - z0) / sigma);
    if (sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Number.isNaN(logA0) || Number.isNaN(logA1)) return NaN;
    if (Math.max(logS0, logS1) < -30) return logAdd(logA0, logA1);
  }
  return NaN;
}

/**
 * RDP at order α of one step of the Poisson-subsampled Gaussian with sampling rate q and noise
 * multiplier σ. Special cases in the card's order: q = 0 → 0; σ = 0 → ∞; q = 1 → α/(2σ²); α = ∞ → ∞.
 */
export function rdpSubsampledGaussian(q: number, sigma: number, alpha: number): number {
  checkSamplingRate(q);
  ensure(
    typeof sigma === 'number' && sigma >= 0,
    `Noise multiplier σ must be ≥ 0, got ${String(sigma)}; pass noise std / L2 sensitivity, e.g. 1.1.`,
  );
  ensure(
    typeof alpha === 'number' && alpha > 1,
    `RDP order α must be a number > 1, got ${String(alpha)}; pass e.g. one of OPACUS_DEFAULT_ORDERS.`,
  );
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (alpha === Infinity) return Infinity;
  if (sigma === Infinity) return 0;
  const logA = Number.isInteger(alpha)
    ? logAIntegerOrder(q, sigma, alpha)
    : logAFractionalOrder(q, sigma, alpha);
  return logA / (alpha - 1);
}

/** RDP of `steps` identical steps on each order of the grid (composition adds order by order). */
export function rdpSubsampledGaussianOrders(
  q: number,
  sigma: number,
  steps: number,
  orders: readonly number[],
): number[] {
  checkCount(steps, 'Number of steps');
  if (steps === 0) return orders.map(() => 0);
  return orders.map((alpha) => steps * rdpSubsampledGaussian(q, sigma, alpha));
}
