/**
 * DP quantiles for numeric bounds: the exponential mechanism over the fixed grid (grid.ts).
 *
 * Utility of grid point t for the q-quantile of the column's n numbers:
 *     u(t) = −max(L(t) − q·n, q·n − R(t), 0),   L(t) = #{x < t},  R(t) = #{x ≤ t}.
 * It is 0 exactly when t is a q-quantile, and where no value equals t it is −|rank(t) − q·n|.
 * (Using only rank = R would score every point below an atom — e.g. all t < 17 for an age column
 * whose 0.5% quantile falls on 17 — as well as the atom itself.)
 *
 * Sensitivity under replace-one (see estimate-schema.ts): a changed row changes one value of the
 * column. If a number x becomes a number y, n is unchanged and L(t), R(t) each move by at most 1. If
 * a number becomes missing (or not a number) or back, n moves by 1, so q·n moves by q, while L(t)
 * and R(t) move by 1[x < t] and 1[x ≤ t] in the same direction: L − q·n moves by at most max(q, 1 − q)
 * ≤ 1, and so does q·n − R. The max of terms that each move by ≤ 1 moves by ≤ 1: Δu = 1.
 */
import { sampleExponentialMechanism } from './exponential-mechanism.js';
import { QUANTILE_GRID, type GridHistogram } from './grid.js';

export function quantileUtilities(histogram: GridHistogram, q: number): Float64Array {
  const target = q * histogram.count;
  const u = new Float64Array(QUANTILE_GRID.length);
  let less = 0; // L(t_j) = #{x < t_j}
  for (let j = 0; j < u.length; j++) {
    less += histogram.below[j]!;
    const atMost = less + histogram.at[j]!;
    u[j] = 0 - Math.max(less - target, target - atMost, 0); // 0 − x, not −x: no −0 for exact quantiles
    less = atMost;
  }
  return u;
}

/** A grid point drawn by the ε-DP exponential mechanism for the q-quantile. */
export function dpQuantile(histogram: GridHistogram, q: number, epsilon: number, uniform?: () => number): number {
  const index = sampleExponentialMechanism(quantileUtilities(histogram, q), epsilon, 1, uniform);
  return QUANTILE_GRID[index]!;
}

/**
 * Rank slack the mechanism needs: with r ≥ 2·ln(G/β)/ε, the ≤ G grid points lying beyond the data
 * on the far side of the q-quantile (utility ≤ −r when q·n ≥ r) together have probability ≤ β
 * relative to a point of utility 0. Quantile levels closer to 0 or 1 than r/n are not reachable
 * reliably, so the estimator moves them inwards (post-processing of the released row count).
 * β defaults to 1e-4 per quantile: a run estimates two per numeric column, and a bound drawn from
 * the far tail (−4e8 for an age, seen at β = 1e-3) ruins its column, while moving a level inwards
 * only clips a little more (β = 1e-4 costs 15% more slack than 1e-3).
 */
export function rankSlack(epsilon: number, failureProbability = 1e-4): number {
  return (2 * Math.log(QUANTILE_GRID.length / failureProbability)) / epsilon;
}
