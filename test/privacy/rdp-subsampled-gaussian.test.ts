import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  OPACUS_DEFAULT_ORDERS,
  dpSgdEvent,
  rdpOfEvent,
  rdpSubsampledGaussian,
  rdpSubsampledGaussianOrders,
} from '../../src/privacy/index.js';
import { assertClose, loadFixture, num } from './fixtures.js';

interface Vectors {
  perOrderRdp: { rows: { q: number; sigma: number; alpha: number; exact: number; opacus: number }[] };
  gaussianClosedForm: { alpha: number; sigma: number };
  p16: { orders: (number | string)[]; rdp: (number | string)[]; rtol: number };
}
interface Reference {
  rdpInteger: [number, number, number, number][];
  rdpFractional: [number, number, number, number][];
}
const vectors = loadFixture<Vectors>('accounting-vectors.json');
const ref = loadFixture<Reference>('mpmath-reference.json');

describe('RDP of the Poisson-subsampled Gaussian', () => {
  it('special cases, in the card order', () => {
    assert.equal(rdpSubsampledGaussian(0, 0, 2), 0); // q = 0 wins over σ = 0
    assert.equal(rdpSubsampledGaussian(0.1, 0, 2), Infinity);
    assert.equal(rdpSubsampledGaussian(1, 2, 3), 3 / 8);
    assert.equal(rdpSubsampledGaussian(0.1, 2, Infinity), Infinity);
  });

  it('q = 1 is the Gaussian closed form α/(2σ²) (dp_accounting test values)', () => {
    const { alpha, sigma } = vectors.gaussianClosedForm;
    assert.equal(rdpSubsampledGaussian(1, sigma, alpha), alpha / (2 * sigma * sigma));
  });

  it('q = 1: T steps at σ equal one step at σ/√T', () => {
    const orders = [1.5, 2, 7.3, 32];
    const many = rdpSubsampledGaussianOrders(1, 3, 16, orders);
    const one = rdpSubsampledGaussianOrders(1, 3 / 4, 1, orders);
    many.forEach((v, i) => assertClose(v, one[i]!, { rel: 1e-15 }, `order ${orders[i]}`));
  });

  it('§8.3: integer orders match the 50-digit exact values (rel 1e-10)', () => {
    for (const row of vectors.perOrderRdp.rows.filter((r) => Number.isInteger(r.alpha))) {
      // Published to 11 significant digits: allow half a unit in the last place on top.
      assertClose(rdpSubsampledGaussian(row.q, row.sigma, row.alpha), row.exact, { rel: 1e-10 + 5e-11 }, `q=${row.q} σ=${row.sigma} α=${row.alpha}`);
    }
  });

  it('§8.3: fractional orders match Opacus (rel 1e-7) and the exact value (rel 1e-7)', () => {
    for (const row of vectors.perOrderRdp.rows.filter((r) => !Number.isInteger(r.alpha))) {
      const value = rdpSubsampledGaussian(row.q, row.sigma, row.alpha);
      const label = `q=${row.q} σ=${row.sigma} α=${row.alpha}`;
      assertClose(value, row.opacus, { rel: 1e-7 }, `${label} vs Opacus`);
      assertClose(value, row.exact, { rel: 1e-7 }, `${label} vs exact`);
    }
  });

  it('integer orders match a 60-digit exact binomial sum to 1e-12, even when the RDP is ~1e-11', () => {
    for (const [q, sigma, alpha, exact] of ref.rdpInteger) {
      assertClose(rdpSubsampledGaussian(q, sigma, alpha), exact, { rel: 1e-12 }, `q=${q} σ=${sigma} α=${alpha}`);
    }
  });

  it('fractional orders match mpmath quadrature to 1e-7 (the signed series truncates at e^−30)', () => {
    for (const [q, sigma, alpha, exact] of ref.rdpFractional) {
      assertClose(rdpSubsampledGaussian(q, sigma, alpha), exact, { rel: 1e-7 }, `q=${q} σ=${sigma} α=${alpha}`);
    }
  });

  it('P16 (dp_accounting test): q = 0.01, σ = 2.5, 50 steps, rtol 1e-4', () => {
    const orders = vectors.p16.orders.map(num);
    const expected = vectors.p16.rdp.map(num);
    const rdp = rdpOfEvent(dpSgdEvent(2.5, 0.01, 50), orders);
    orders.forEach((alpha, i) => {
      if (alpha === 1.5) {
        // dp_accounting's published value there is its conservative absolute-sum bound; check
        // against it as a bound and against mpmath for the value.
        assert.ok(rdp[i]! <= expected[i]!, 'exact RDP must not exceed the absolute-sum bound');
        const exact = ref.rdpFractional.find(([q, s, a]) => q === 0.01 && s === 2.5 && a === 1.5)!;
        assertClose(rdp[i]!, 50 * exact[3], { rel: 1e-8 }, 'P16 order 1.5 vs mpmath');
        return;
      }
      if (expected[i] === Infinity) assert.equal(rdp[i], Infinity);
      else assertClose(rdp[i]!, expected[i]!, { rel: vectors.p16.rtol }, `order ${alpha}`);
    });
  });

  it('is non-decreasing in α and q, non-increasing in σ (on the Opacus grid)', () => {
    const pairs: [number, number][] = [[1e-4, 0.5], [0.01, 1], [0.1, 2], [0.5, 0.5], [0.5, 5], [0.9, 0.7], [0.99, 0.5]];
    for (const [q, sigma] of pairs) {
      const rdp = rdpSubsampledGaussianOrders(q, sigma, 1, OPACUS_DEFAULT_ORDERS);
      for (let i = 1; i < rdp.length; i++) {
        assert.ok(rdp[i]! >= rdp[i - 1]! * (1 - 1e-9), `q=${q} σ=${sigma}: RDP(${OPACUS_DEFAULT_ORDERS[i]}) < RDP(${OPACUS_DEFAULT_ORDERS[i - 1]})`);
      }
      const moreNoise = rdpSubsampledGaussianOrders(q, sigma * 1.1, 1, OPACUS_DEFAULT_ORDERS);
      const moreSampling = rdpSubsampledGaussianOrders(Math.min(1, q * 1.1), sigma, 1, OPACUS_DEFAULT_ORDERS);
      rdp.forEach((v, i) => {
        assert.ok(moreNoise[i]! <= v, `σ monotonicity at q=${q} σ=${sigma} α=${OPACUS_DEFAULT_ORDERS[i]}`);
        assert.ok(moreSampling[i]! >= v, `q monotonicity at q=${q} σ=${sigma} α=${OPACUS_DEFAULT_ORDERS[i]}`);
      });
    }
  });

  it('zero steps cost nothing, even at α = ∞', () => {
    assert.deepEqual(rdpSubsampledGaussianOrders(0.1, 1, 0, [2, Infinity]), [0, 0]);
  });
});
