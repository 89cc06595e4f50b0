// Oracles shared by the Dirichlet tests: Richardson-extrapolated central differences, Gamma
// quantiles by bisection, and a Monte Carlo mean with its standard error.
import assert from 'node:assert/strict';
import { gammaP, gammaQ } from '../../src/dirichlet/special.js';

/**
 * f′(x) from central differences at h, h/2, h/4 combined by two Richardson steps (error O(h⁶)),
 * so a step large enough to keep rounding small still gives ~10 correct digits.
 */
export function richardson(f: (x: number) => number, x: number, h: number): number {
  const central = (s: number): number => (f(x + s) - f(x - s)) / (2 * s);
  const d1 = central(h), d2 = central(h / 2), d3 = central(h / 4);
  const r1 = (4 * d2 - d1) / 3, r2 = (4 * d3 - d2) / 3;
  return (16 * r2 - r1) / 15;
}

/** x with P(a, x) = u (or Q(a, x) = 1 − u in the upper tail), by bisection in ln x to the last bit. */
export function gammaQuantile(a: number, u: number): number {
  const upper = u > 0.5;
  const target = upper ? 1 - u : u;
  const cdf = (x: number): number => (upper ? -gammaQ(a, x) : gammaP(a, x)); // increasing in x
  const goal = upper ? -target : target;
  let lo = -1400, hi = Math.log(a + 60 * Math.sqrt(a) + 80);
  for (let i = 0; i < 400; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (cdf(Math.exp(mid)) < goal) lo = mid; else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}

export interface MeanEstimate { mean: number; se: number }

export function meanWithError(values: ArrayLike<number>): MeanEstimate {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

/** |mean − expected| within `k` standard errors (and a tiny absolute floor for zero-variance cases). */
export function assertMean(est: MeanEstimate, expected: number, what: string, k = 5): void {
  const tol = k * est.se + 1e-12;
  assert.ok(Math.abs(est.mean - expected) <= tol, `${what}: mean ${est.mean} ± ${est.se}, expected ${expected}`);
}

/** |actual − expected| ≤ rel·|expected| + abs. */
export function assertClose(actual: number, expected: number, rel: number, abs: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected) + abs, `${what}: got ${actual}, expected ${expected} (diff ${actual - expected})`);
}
