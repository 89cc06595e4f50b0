/**
 * The exponential mechanism over a finite candidate list: candidate j is drawn with probability
 * ∝ exp(ε·u_j / (2Δu)). For any utility whose sensitivity is Δu this is ε-DP, and it is ε-bounded-
 * range, hence ε²/8-zCDP (Cesar & Rogers 2021) — what `exponentialMechanism(ε)` accounts.
 * The draw uses the secure uniform source (never Math.random or the seeded RNG).
 */
import { secureUniform } from '../engine/random/secure-uniform.js';

/** Index of the drawn candidate. `uniform` is for tests of the sampler only. */
export function sampleExponentialMechanism(
  utilities: ArrayLike<number>,
  epsilon: number,
  sensitivity = 1,
  uniform: () => number = secureUniform,
): number {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new Error(`exponential mechanism: ε must be positive and finite, got ${epsilon}`);
  if (utilities.length === 0) throw new Error('exponential mechanism: no candidates');
  const scale = epsilon / (2 * sensitivity);
  let best = -Infinity;
  for (let j = 0; j < utilities.length; j++) best = Math.max(best, utilities[j]!);
  // Subtracting the best utility keeps every weight in (0, 1] without changing the distribution.
  const weights = new Float64Array(utilities.length);
  let total = 0;
  for (let j = 0; j < utilities.length; j++) {
    total += Math.exp(scale * (utilities[j]! - best));
    weights[j] = total;
  }
  const u = uniform() * total;
  // First cumulative weight above u (binary search over the running sums).
  let lo = 0;
  let hi = weights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (weights[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
