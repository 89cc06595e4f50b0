import { lgamma } from '../privacy/log-math.js';

// Special functions in float64 for the Dirichlet machinery: lnΓ, ψ, ψ′ and the regularized
// incomplete gamma function P(a, x) with its derivative in the SHAPE a (what the implicit
// reparameterisation gradient of a Gamma sample needs). Invalid arguments give NaN, like Math.*.

/** Below this argument the recurrences shift x up before the asymptotic series is used. */
const SHIFT_TO = 10;
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-16;
const MAX_ITER = 100_000;

/** ln Γ(x) for x > 0 (the accountant's lgamma, restricted to the Dirichlet machinery's domain). */
export function lnGamma(x: number): number {
  return x > 0 ? lgamma(x) : Number.NaN;
}

/** ψ(x) = d/dx ln Γ(x), for x > 0. */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  while (x < SHIFT_TO) { shift += 1 / x; x += 1; }
  const r = 1 / x, r2 = r * r;
  const series = r2 * (1 / 12 + r2 * (-1 / 120 + r2 * (1 / 252 + r2 * (-1 / 240 + r2 * (1 / 132
    + r2 * (-691 / 32760 + r2 * (1 / 12 + r2 * (-3617 / 8160))))))));
  return Math.log(x) - 0.5 * r - series - shift;
}

/** ψ′(x) = d²/dx² ln Γ(x), for x > 0. */
export function trigamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Infinity) return 0;
  let shift = 0;
  while (x < SHIFT_TO) { shift += 1 / (x * x); x += 1; }
  const r = 1 / x, r2 = r * r;
  const series = r * r2 * (1 / 6 + r2 * (-1 / 30 + r2 * (1 / 42 + r2 * (-1 / 30 + r2 * (5 / 66
    + r2 * (-691 / 2730 + r2 * (7 / 6 + r2 * (-3617 / 510))))))));
  return r + 0.5 * r2 + series + shift;
}

/**
 * The incomplete gamma function in one of two forms, each as a prefactor-free part and its
 * a-derivative, so that callers can divide out the Gamma density without under- or overflow:
 *  - 'series' (x < a + 1): P(a, x) = e^{a ln x − x − lnΓ(a+1)} · S,
 *    ∂P/∂a = e^{a ln x − x − lnΓ(a+1)} · (S·(ln x − ψ(a+1)) + S′);
 *  - 'fraction' (x ≥ a + 1): Q(a, x) = e^{a ln x − x − lnΓ(a)} · C,
 *    ∂Q/∂a = e^{a ln x − x − lnΓ(a)} · (C·(ln x − ψ(a)) + C′).
 * `lnX` is ln x, passed separately so that x may underflow while ln x stays exact.
 */
export interface IncompleteGammaParts {
  readonly form: 'series' | 'fraction';
  /** S or C. */
  readonly value: number;
  /** S′ or C′ = the derivative of `value` in a. */
  readonly dValue: number;
}

/** S = Σ_n x^n / ((a+1)…(a+n)) and S′, differentiated term by term: t_n′ = −t_n Σ_{k≤n} 1/(a+k). */
function seriesParts(a: number, x: number): IncompleteGammaParts {
  let term = 1, sum = 1, harmonic = 0, dSum = 0;
  for (let n = 1; n < MAX_ITER; n++) {
    const an = a + n;
    term *= x / an;
    harmonic += 1 / an;
    const dTerm = -term * harmonic;
    sum += term;
    dSum += dTerm;
    if (term <= EPS * sum && Math.abs(dTerm) <= EPS * Math.abs(dSum)) break;
  }
  return { form: 'series', value: sum, dValue: dSum };
}

/**
 * C = 1/(b₁ + a₂/(b₂ + a₃/(b₃ + …))) with b_n = x + 2n − 1 − a, a₁ = 1, a_{n+1} = −n(n − a), by the
 * Wallis recurrences for numerator A_n and denominator B_n carried together with their
 * a-derivatives (b_n′ = −1, a_{n+1}′ = n). Every step rescales by B_n so nothing overflows.
 */
function fractionParts(a: number, x: number): IncompleteGammaParts {
  // (A, dA, B, dB) at steps n−2 and n−1; start at n = −1 and 0 with b₀ = 0.
  let aPrev = 1, daPrev = 0, bPrev = 0, dbPrev = 0;
  let aCur = 0, daCur = 0, bCur = 1, dbCur = 0;
  let c = Number.NaN, dc = Number.NaN, settled = 0;
  for (let n = 1; n < MAX_ITER; n++) {
    const bn = x + 2 * n - 1 - a, dbn = -1;
    const an = n === 1 ? 1 : -(n - 1) * (n - 1 - a), dan = n === 1 ? 0 : n - 1;
    const aNext = bn * aCur + an * aPrev;
    const bNext = bn * bCur + an * bPrev;
    const daNext = dbn * aCur + bn * daCur + dan * aPrev + an * daPrev;
    const dbNext = dbn * bCur + bn * dbCur + dan * bPrev + an * dbPrev;
    if (bNext === 0) { // a zero denominator: skip the rescale this step
      aPrev = aCur; daPrev = daCur; bPrev = bCur; dbPrev = dbCur;
      aCur = aNext; daCur = daNext; bCur = bNext; dbCur = dbNext;
      continue;
    }
    const s = 1 / bNext;
    aPrev = aCur * s; daPrev = daCur * s; bPrev = bCur * s; dbPrev = dbCur * s;
    aCur = aNext * s; daCur = daNext * s; bCur = 1; dbCur = dbNext * s;
    // With B = 1: C_n = A_n and C_n′ = A_n′ − C_n B_n′.
    const cNext = aCur, dcNext = daCur - aCur * dbCur;
    const done = Math.abs(cNext - c) <= EPS * Math.abs(cNext) && Math.abs(dcNext - dc) <= EPS * Math.abs(dcNext);
    c = cNext; dc = dcNext;
    if (done && ++settled >= 2) break; // two quiet steps: one can be a coincidence
    if (!done) settled = 0;
  }
  return { form: 'fraction', value: c, dValue: dc };
}

/** The form suited to (a, x), a > 0, x > 0 finite. */
export function incompleteGammaParts(a: number, x: number): IncompleteGammaParts {
  return x < a + 1 ? seriesParts(a, x) : fractionParts(a, x);
}

function invalid(a: number, x: number): boolean {
  return !(a > 0) || !(x >= 0) || a === Infinity;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), the Gamma(a, 1) CDF at x. */
export function gammaP(a: number, x: number): number {
  if (invalid(a, x)) return Number.NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  const parts = incompleteGammaParts(a, x);
  if (parts.form === 'series') return Math.exp(a * Math.log(x) - x - lnGamma(a + 1)) * parts.value;
  return 1 - Math.exp(a * Math.log(x) - x - lnGamma(a)) * parts.value;
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate where P is near 1. */
export function gammaQ(a: number, x: number): number {
  if (invalid(a, x)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const parts = incompleteGammaParts(a, x);
  if (parts.form === 'series') return 1 - Math.exp(a * Math.log(x) - x - lnGamma(a + 1)) * parts.value;
  return Math.exp(a * Math.log(x) - x - lnGamma(a)) * parts.value;
}

/** ∂P(a, x)/∂a, the derivative of the Gamma(a, 1) CDF in its shape (always ≤ 0). */
export function gammaPDerivA(a: number, x: number): number {
  if (invalid(a, x)) return Number.NaN;
  if (x === 0 || x === Infinity) return 0;
  const lnX = Math.log(x);
  const parts = incompleteGammaParts(a, x);
  if (parts.form === 'series') {
    return Math.exp(a * lnX - x - lnGamma(a + 1)) * (parts.value * (lnX - digamma(a + 1)) + parts.dValue);
  }
  return -Math.exp(a * lnX - x - lnGamma(a)) * (parts.value * (lnX - digamma(a)) + parts.dValue);
}

/** ln of the Gamma(a, 1) density at x: (a − 1) ln x − x − lnΓ(a). */
export function gammaLogDensity(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  return (a - 1) * Math.log(x) - x - lnGamma(a);
}
