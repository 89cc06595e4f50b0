/**
 * Categorical domains by a DP thresholded histogram: Gaussian noise on the count of every observed
 * category of every column in the release (one Gaussian mechanism), then only categories whose
 * noisy count exceeds τ = 1 + z·std are kept.
 *
 * Sensitivity under replace-one: a changed row replaces one value a by b in each column, so that
 * column's counts change by −1 at a and +1 at b: ‖Δ‖₂ ≤ √2 per column and √(2m) over m columns.
 *
 * Why the threshold, and the δ it costs: the released *set* of categories is data-dependent. A
 * category held by exactly one row exists in one neighbour and not in the other, and no noise level
 * hides a key that one side cannot output at all. Its noisy count is 1 + N(0, std²); it is released
 * only when the noise exceeds z·std, with probability Φ(−z) = δ_τ. At most one such category per
 * column can differ between neighbours, so apart from an event of probability ≤ m·δ_τ the release
 * is the Gaussian mechanism on the categories both neighbours share (whose counts move by ≤ √(2m)).
 * That is approximate RDP: the RDP of the Gaussian, plus m·δ_τ reserved in the ledger.
 */
import { logNormalCdf } from '../privacy/index.js';
import { fillSecureGaussian } from '../engine/random/secure-gaussian.js';

export function categoriesSensitivity(columns: number): number {
  return Math.sqrt(2 * columns);
}

/** z with Φ(−z) = δ (the one-sided Gaussian tail), by bisection on log Φ. */
export function gaussianTailQuantile(delta: number): number {
  if (!(delta > 0 && delta < 0.5)) throw new Error(`gaussianTailQuantile: δ must be in (0, 0.5), got ${delta}`);
  const target = Math.log(delta);
  let lo = 0;
  let hi = 40; // Φ(−40) ≈ 1e−350: below every double δ
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (logNormalCdf(-mid) > target) lo = mid;
    else hi = mid;
  }
  return hi; // the upper end: Φ(−z) ≤ δ
}

/** τ = 1 + z·std with Φ(−z) = δ_τ: a category held by one row is released with probability ≤ δ_τ. */
export function categoryThreshold(std: number, deltaPerColumn: number): number {
  return 1 + gaussianTailQuantile(deltaPerColumn) * std;
}

export interface ReleasedCategories {
  /** Kept categories in code-unit order (data-independent). */
  readonly categories: string[];
  /** Their noisy counts, in the same order. */
  readonly noisyCounts: number[];
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One Gaussian release of every count of every column (noise std `std` each), thresholded at `tau`.
 * Only the kept categories and their noisy counts leave this function.
 */
export function releaseThresholdedCategories(
  columns: readonly ReadonlyMap<string, number>[],
  std: number,
  tau: number,
): ReleasedCategories[] {
  let size = 0;
  for (const counts of columns) size += counts.size;
  const noise = new Float64Array(size);
  fillSecureGaussian(noise, std);
  let k = 0;
  return columns.map((counts) => {
    const kept: [string, number][] = [];
    for (const [category, count] of counts) {
      const noisy = count + noise[k++]!;
      if (noisy > tau) kept.push([category, noisy]);
    }
    kept.sort((a, b) => compareStrings(a[0], b[0]));
    return { categories: kept.map((e) => e[0]), noisyCounts: kept.map((e) => e[1]) };
  });
}
