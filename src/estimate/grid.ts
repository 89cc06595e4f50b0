/**
 * The fixed, data-independent candidate grid of the DP quantile mechanism, and the streaming
 * histogram of a column's values on it.
 *
 * Grid: 0 and ±2^(k/32) for k = −640 … 1280, i.e. magnitudes from 2^−20 (≈ 1e−6) to 2^40 (≈ 1.1e12)
 * with 32 steps per doubling (each step ×1.0219, so ~2% relative resolution), plus every integer
 * with |x| ≤ 64. 3,957 points in all. Being fixed before the data is seen, the grid reveals nothing.
 * Why the small integers: integer columns (ages, scores, hours) pile many rows on one value. When
 * that value is not a grid point, no candidate is an exact quantile (the best one counts the whole
 * pile on the wrong side) while the far tail of the grid still scores −q·n, so the mechanism wastes
 * its mass there. Below 46 the log grid is finer than 1, so only here are integers missing.
 *
 * Histogram: for each grid point t_j, `below[j]` counts values in the open gap (t_{j−1}, t_j)
 * (below[0]: values < t_0) and `at[j]` values exactly equal to t_j; `above` counts values > the last
 * point. Then #{x < t_j} = Σ_{i≤j} below[i] + Σ_{i<j} at[i] and #{x ≤ t_j} = that + at[j], exactly,
 * which the quantile utility needs (columns of integers have many ties on grid points such as 1, 2,
 * 4, 8). Memory is fixed: two arrays of 3,957 counts per column.
 */

export const GRID_STEPS_PER_OCTAVE = 32;
export const GRID_MIN_EXPONENT = -20;
export const GRID_MAX_EXPONENT = 40;
/** Every integer in [−SMALL_INTEGERS, SMALL_INTEGERS] is a grid point. */
export const SMALL_INTEGERS = 64;

function buildGrid(): Float64Array {
  const lo = GRID_MIN_EXPONENT * GRID_STEPS_PER_OCTAVE;
  const hi = GRID_MAX_EXPONENT * GRID_STEPS_PER_OCTAVE;
  const positive: number[] = [];
  for (let k = lo; k <= hi; k++) positive.push(2 ** (k / GRID_STEPS_PER_OCTAVE));
  const points = new Set<number>([0, ...positive, ...positive.map((x) => -x)]);
  for (let i = 1; i <= SMALL_INTEGERS; i++) points.add(i).add(-i);
  return Float64Array.from([...points].sort((a, b) => a - b));
}

/** The candidate grid, ascending. */
export const QUANTILE_GRID: Float64Array = buildGrid();

/** Index of the first grid point ≥ x, or the grid length when x is above every point. */
export function gridIndex(x: number): number {
  let lo = 0;
  let hi = QUANTILE_GRID.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (QUANTILE_GRID[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface GridHistogram {
  readonly below: Float64Array;
  readonly at: Float64Array;
  above: number;
  /** All values added (Σ below + Σ at + above). */
  count: number;
}

export function createGridHistogram(): GridHistogram {
  const size = QUANTILE_GRID.length;
  return { below: new Float64Array(size), at: new Float64Array(size), above: 0, count: 0 };
}

export function addToGridHistogram(histogram: GridHistogram, x: number): void {
  const j = gridIndex(x);
  histogram.count++;
  if (j === QUANTILE_GRID.length) histogram.above++;
  else if (QUANTILE_GRID[j] === x) histogram.at[j]++;
  else histogram.below[j]++;
}
