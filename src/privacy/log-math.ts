/**
 * Numerically stable log-space arithmetic and the special functions the accountants need.
 * Everything here is written from textbook series and continued fractions (no tabulated
 * minimax coefficients), and is checked against scipy / mpmath in test/privacy/log-math.test.ts.
 */

const LN2 = Math.LN2;
const HALF_LN_PI = 0.5 * Math.log(Math.PI);
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** log(e^x + e^y) without overflow; −∞ stands for zero. */
export function logAdd(x: number, y: number): number {
  const hi = Math.max(x, y);
  const lo = Math.min(x, y);
  if (lo === -Infinity) return hi;
  if (hi === Infinity) return Infinity;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/**
 * log(e^x − e^y) for x ≥ y; −∞ stands for zero. Returns NaN when x < y (a negative result has no
 * log), so callers notice instead of silently getting a wrong sign.
 */
export function logSub(x: number, y: number): number {
  if (y === -Infinity) return x;
  if (x < y) return NaN;
  if (x === y) return -Infinity;
  // x + log(1 − e^{y−x}); log1p(−e^d) is accurate for small d, log(−expm1(d)) for d near 0.
  const d = y - x;
  return x + (d < -LN2 ? Math.log1p(-Math.exp(d)) : Math.log(-Math.expm1(d)));
}

/** log Σ e^{x_i}, stable. */
export function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** sin(πx) with the argument reduced exactly first, so large |x| keeps full relative accuracy. */
function sinPi(x: number): number {
  const n = Math.round(x);
  const s = Math.sin(Math.PI * (x - n)); // x − n is exact in floating point
  return n % 2 === 0 ? s : -s;
}

// Stirling-series coefficients B_{2n} / (2n(2n − 1)), n = 1..8.
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
];

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

/**
 * log|Γ(x)|. Stirling's series after shifting x ≥ 15 (truncation error < 1e-20), the reflection
 * formula below ½, log((x − 1)!) at whole x ≤ 20. Absolute error ~1e-14 close to (not at) the zeros at
 * 1 and 2, relative ~1e-16 elsewhere.
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity; // poles
  if (x < 0.5) return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  if (Number.isInteger(x) && x <= 20) return Math.log(factorial(x - 1)); // exact: (x − 1)! < 2^53 up to 18!, then one rounding
  let shiftProduct = 1;
  let y = x;
  while (y < 15) {
    shiftProduct *= y;
    y += 1;
  }
  const z = 1 / y;
  const z2 = z * z;
  let series = 0;
  for (let i = STIRLING.length - 1; i >= 0; i--) series = series * z2 + STIRLING[i]!;
  return (y - 0.5) * Math.log(y) - y + HALF_LN_2PI + series * z - Math.log(shiftProduct);
}

/** A log-magnitude with its sign: the value is sign·e^logAbs. */
export interface SignedLog {
  readonly logAbs: number;
  readonly sign: 1 | -1 | 0;
}

/**
 * log|C(a, k)| and the sign of the generalized binomial coefficient a(a−1)…(a−k+1)/k! for real
 * a and integer k ≥ 0. For non-integer a the sign alternates once k > a.
 */
export function logBinomial(a: number, k: number): SignedLog {
  if (!Number.isInteger(k) || k < 0) return { logAbs: NaN, sign: 0 };
  if (k === 0) return { logAbs: 0, sign: 1 };
  if (Number.isInteger(a) && a >= 0 && k > a) return { logAbs: -Infinity, sign: 0 };
  // Number of negative factors (a − m), m = 0..k−1.
  const negatives = a >= 0 ? Math.max(0, k - 1 - Math.floor(a)) : k;
  const sign = negatives % 2 === 0 ? 1 : -1;
  return { logAbs: lgamma(a + 1) - lgamma(k + 1) - lgamma(a - k + 1), sign };
}

/** erf(x) for |x| ≤ ~2 from the all-positive series e^{−x²}·Σ 2ⁿx^{2n+1}/(2n+1)!! (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

// Below this, 1 − erf(x) is computed from the series (erfc ≥ 0.077 so no digits are lost);
// above it the continued fraction converges in a few dozen terms.
const CF_THRESHOLD = 1.25;

/**
 * log erfc(x) for x ≥ CF_THRESHOLD via Legendre's continued fraction for Γ(½, x²), evaluated with
 * the modified Lentz method; never underflows, so it serves the far tail.
 */
function logErfcContinuedFraction(x: number): number {
  const z = x * x;
  const tiny = 1e-300;
  let b = z + 0.5; // z + 1 − a with a = ½
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  // erfc(x) = Γ(½, x²)/√π = e^{−x²}·x·h/√π
  return -z + Math.log(x) + Math.log(h) - HALF_LN_PI;
}

/** erf(x), accurate to a few ulps. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  const value = ax < CF_THRESHOLD ? erfSeries(ax) : 1 - Math.exp(logErfcContinuedFraction(ax));
  return x < 0 ? -value : value;
}

/** erfc(x) = 1 − erf(x), with full relative accuracy in the upper tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x < 0) return 2 - erfc(-x);
  if (x < CF_THRESHOLD) return 1 - erfSeries(x);
  return Math.exp(logErfcContinuedFraction(x));
}

/** log erfc(x) for every real x, accurate in the far upper tail (where erfc underflows). */
export function logErfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return -Infinity;
  if (x <= -CF_THRESHOLD) return LN2 + Math.log1p(-0.5 * erfc(-x));
  if (x < 0) return Math.log1p(erfSeries(-x));
  if (x < CF_THRESHOLD) return Math.log1p(-erfSeries(x));
  return logErfcContinuedFraction(x);
}

/** Standard normal cdf Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** log Φ(x), accurate in both tails (far lower tail via the continued fraction, upper via log1p). */
export function logNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 0) return Math.log1p(-0.5 * erfc(x / Math.SQRT2));
  return logErfc(-x / Math.SQRT2) - LN2;
}
