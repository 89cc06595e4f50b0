import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digamma, gammaLogDensity, gammaP, gammaPDerivA, gammaQ, lnGamma, trigamma } from '../../src/dirichlet/special.js';
import { assertClose, gammaQuantile, richardson } from './numeric.js';

const EULER = 0.5772156649015329;

test('lnΓ matches known values and its recurrence across the shift threshold', () => {
  assertClose(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 0, 'lnΓ(1/2)');
  assert.ok(Math.abs(lnGamma(1)) < 5e-15 && Math.abs(lnGamma(2)) < 5e-15, 'lnΓ(1) = lnΓ(2) = 0 (to the rounding of the shift)');
  assertClose(lnGamma(10), Math.log(362880), 1e-15, 0, 'lnΓ(10)');
  let ln99 = 0;
  for (let k = 2; k <= 99; k++) ln99 += Math.log(k);
  assertClose(lnGamma(100), ln99, 1e-14, 0, 'lnΓ(100) = ln 99!');
  assertClose(lnGamma(1e-8), -Math.log(1e-8) - EULER * 1e-8, 1e-15, 0, 'lnΓ(x) ≈ −ln x − γx near 0');
  for (const x of [0.05, 0.3, 1.7, 8.6, 9.5, 9.999, 10, 10.5, 37.2, 1e5]) {
    assertClose(lnGamma(x + 1), lnGamma(x) + Math.log(x), 1e-14, 1e-14, `lnΓ(${x} + 1)`);
  }
  assert.ok(Number.isNaN(lnGamma(0)) && Number.isNaN(lnGamma(-1)) && Number.isNaN(lnGamma(Number.NaN)));
});

test('ψ and ψ′ match known values and their recurrences', () => {
  assertClose(digamma(1), -EULER, 1e-15, 0, 'ψ(1)');
  assertClose(digamma(0.5), -EULER - 2 * Math.LN2, 1e-15, 0, 'ψ(1/2)');
  let h = 0;
  for (let n = 1; n <= 20; n++) {
    h += 1 / n;
    assertClose(digamma(n + 1), -EULER + h, 1e-15, 0, `ψ(${n + 1})`);
  }
  assertClose(digamma(1e-8), -1e8 - EULER + (Math.PI ** 2 / 6) * 1e-8, 1e-15, 0, 'ψ near 0');
  assertClose(trigamma(1), Math.PI ** 2 / 6, 1e-15, 0, 'ψ′(1)');
  assertClose(trigamma(0.5), Math.PI ** 2 / 2, 1e-15, 0, 'ψ′(1/2)');
  assertClose(trigamma(1e6), 1e-6 + 0.5e-12, 1e-12, 0, 'ψ′ for large x');
  for (const x of [0.05, 0.3, 1.7, 8.6, 9.5, 9.999, 10, 10.5, 37.2]) {
    assertClose(digamma(x + 1), digamma(x) + 1 / x, 1e-14, 1e-15, `ψ(${x} + 1)`);
    assertClose(trigamma(x + 1), trigamma(x) - 1 / (x * x), 1e-13, 1e-15, `ψ′(${x} + 1)`);
  }
});

test('ψ = (lnΓ)′ and ψ′ = ψ′ by Richardson-extrapolated differences', () => {
  for (const x of [0.05, 0.3, 1, 1.4616, 2.5, 7, 9.99, 10.01, 50, 1000]) {
    const h = 0.02 * Math.min(x, 1);
    assertClose(richardson(lnGamma, x, h), digamma(x), 1e-9, 1e-11, `dlnΓ/dx at ${x}`);
    assertClose(richardson(digamma, x, h), trigamma(x), 1e-9, 1e-11, `dψ/dx at ${x}`);
  }
});

function factorialSum(n: number, x: number): number { // Σ_{k<n} x^k/k!
  let term = 1, sum = 1;
  for (let k = 1; k < n; k++) { term *= x / k; sum += term; }
  return sum;
}

function factorialTail(n: number, x: number): number { // Σ_{k≥n} x^k/k!, no cancellation
  let term = 1;
  for (let k = 1; k <= n; k++) term *= x / k;
  let sum = 0;
  for (let k = n + 1; term > 1e-18 * sum; k++) { sum += term; term *= x / k; }
  return sum;
}

test('P(a, x) and Q(a, x) match closed forms for integer a on both sides of x = a + 1', () => {
  for (const x of [1e-3, 0.5, 1.9, 2.1, 10, 50]) {
    assertClose(gammaP(1, x), -Math.expm1(-x), 1e-14, 0, `P(1, ${x})`);
    assertClose(gammaQ(1, x), Math.exp(-x), 1e-14, 0, `Q(1, ${x})`);
  }
  for (const n of [2, 3, 5, 10]) {
    for (const x of [0.01, 0.5, n - 0.5, n + 0.999, n + 1, n + 1.001, 2 * n + 3, 40]) {
      const q = Math.exp(-x) * factorialSum(n, x);
      assertClose(gammaQ(n, x), q, 1e-13, 0, `Q(${n}, ${x})`);
      assertClose(gammaP(n, x), Math.exp(-x) * factorialTail(n, x), 1e-13, 0, `P(${n}, ${x})`);
      assertClose(gammaP(n, x) + gammaQ(n, x), 1, 1e-15, 0, `P + Q at (${n}, ${x})`);
    }
  }
  assert.equal(gammaP(2, 0), 0);
  assert.equal(gammaP(2, Infinity), 1);
  assert.ok(Number.isNaN(gammaP(0, 1)) && Number.isNaN(gammaP(1, -1)));
});

test('P(a, x) satisfies P(a + 1, x) = P(a, x) − x^a e^{−x}/Γ(a + 1) for non-integer a', () => {
  for (const a of [0.05, 0.3, 2.5, 7.5, 49.5]) {
    for (const x of [1e-4, 0.2, a, a + 0.9, a + 1.1, a + 2, 3 * a + 5]) {
      const step = Math.exp(a * Math.log(x) - x - lnGamma(a + 1));
      // Compare in Q where P is close to 1, so that rounding near 1 does not hide errors.
      assertClose(gammaQ(a + 1, x), gammaQ(a, x) + step, 1e-12, 1e-300, `Q(${a} + 1, ${x})`);
      assertClose(gammaP(a + 1, x), gammaP(a, x) - step, 1e-11, 1e-16, `P(${a} + 1, ${x})`);
    }
  }
});

const SHAPES = [0.05, 0.3, 1, 2.5, 10, 50];
const LEVELS = [1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999];

test('∂P/∂a matches Richardson differences over shapes × quantiles and at the series/fraction switch', () => {
  for (const a of SHAPES) {
    const points = LEVELS.map((u) => gammaQuantile(a, u)).concat([a + 1 - 1e-9, a + 1, a + 1 + 1e-9]);
    for (const x of points) {
      // Difference the smaller of P and Q: near P ≈ 1 the difference of P loses digits to rounding.
      const useQ = gammaQ(a, x) < 0.5;
      const h = 0.02 * Math.min(a, Math.sqrt(a), 1 / (1 + Math.abs(Math.log(x)))); // x^a varies on the scale 1/|ln x| in a
      const fd = useQ ? -richardson((s) => gammaQ(s, x), a, h)
        : richardson((s) => gammaP(s, x), a, h);
      const got = gammaPDerivA(a, x);
      assert.ok(got <= 0, `∂P/∂a ≤ 0 at (${a}, ${x})`);
      assertClose(got, fd, 1e-8, 1e-15, `∂P/∂a at a = ${a}, x = ${x}`);
    }
  }
});

test('the Gamma density integrates to P: dP/dx = p(x; a)', () => {
  for (const a of SHAPES) {
    for (const u of [0.1, 0.5, 0.9]) {
      const x = gammaQuantile(a, u);
      const fd = richardson((t) => gammaP(a, t), x, 0.02 * x);
      assertClose(Math.exp(gammaLogDensity(a, x)), fd, 1e-8, 0, `p(${x}; ${a})`);
    }
  }
});
