// A SEP site (and the prior, and the posterior) is one natural-form Gaussian per component: K
// independent Gaussians for the mixture's means, one for logistic regression's weights. These
// helpers act on all components at once; "blocks" are the 2K arrays (h_k, Λ_k) that clipping,
// sensitivity and noise are stated for.
import { type GaussianNatural, cloneNatural, combineNatural, zeroNatural } from './natural.js';
import { norm2 } from '../dense.js';

export type Site = readonly GaussianNatural[];

export function zeroSite(components: number, dim: number): Site {
  return Array.from({ length: components }, () => zeroNatural(dim));
}

export function cloneSite(s: Site): Site {
  return s.map(cloneNatural);
}

/** a·x + b·y per component. */
export function combineSites(a: number, x: Site, b: number, y: Site): Site {
  return x.map((xk, k) => combineNatural(a, xk, b, y[k]!));
}

/** y ← y + a·x in place. */
export function addScaledSite(y: Site, a: number, x: Site): void {
  y.forEach((yk, k) => {
    const xk = x[k]!;
    for (let i = 0; i < yk.linear.length; i++) yk.linear[i] += a * xk.linear[i]!;
    for (let i = 0; i < yk.precision.length; i++) yk.precision[i] += a * xk.precision[i]!;
  });
}

/** Number of clipped blocks: a mean-type and a precision block per component. */
export function siteBlockCount(s: Site): number {
  return 2 * s.length;
}

/** Frobenius norms of every block, in the order h_1, Λ_1, h_2, Λ_2, … */
export function siteBlockNorms(s: Site): number[] {
  return s.flatMap((c) => [norm2(c.linear), norm2(c.precision)]);
}

function clipArray(a: Float64Array, bound: number): void {
  const n = norm2(a);
  if (n > bound) {
    const f = bound / n;
    for (let i = 0; i < a.length; i++) a[i] = a[i]! * f;
  }
}

/** Scales every block to Frobenius norm ≤ bound, in place (λ ← λ / max(1, ‖λ‖_F / C)). */
export function clipSiteInPlace(s: Site, bound: number): Site {
  for (const c of s) {
    clipArray(c.linear, bound);
    clipArray(c.precision, bound);
  }
  return s;
}

/** All entries (full matrices) as one vector, the space the Gaussian noise lives in. */
export function flattenSite(s: Site): Float64Array {
  const size = s.reduce((t, c) => t + c.linear.length + c.precision.length, 0);
  const out = new Float64Array(size);
  let at = 0;
  for (const c of s) {
    out.set(c.linear, at); at += c.linear.length;
    out.set(c.precision, at); at += c.precision.length;
  }
  return out;
}
