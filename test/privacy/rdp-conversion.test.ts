import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  INTEGER_ORDERS_2_32,
  deltaFromRdp,
  deltaOfEvent,
  dpSgdEvent,
  epsilonFromRdp,
  epsilonOfEvent,
  gaussian,
} from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { assertClose, loadFixture } from './fixtures.js';

interface Vectors {
  p17: { rdp: number; delta: number; epsilon: number; order: number; abs: number };
  p18: { sigma: number; delta: number; epsilon: number; abs: number };
}
const vectors = loadFixture<Vectors>('accounting-vectors.json');

describe('RDP → (ε, δ) conversion', () => {
  it('P17: constant RDP 1.1 on orders 2..32 gives ε = 1.32783806176 at order 32, and δ back', () => {
    const { rdp, delta, epsilon, order, abs } = vectors.p17;
    const values = INTEGER_ORDERS_2_32.map(() => rdp);
    const result = epsilonFromRdp(INTEGER_ORDERS_2_32, values, delta);
    assertClose(result.epsilon, epsilon, { abs }, 'P17 ε');
    assert.equal(result.order, order);
    assert.match(result.warning ?? '', /largest order/); // optimum at the edge of the grid
    assertClose(deltaFromRdp(INTEGER_ORDERS_2_32, values, result.epsilon).delta, delta, { rel: 1e-9 }, 'P17 δ');
  });

  it('P18: Gaussian σ = 4.530877117 is (1, 1e-6)-DP on orders 1.001..100', () => {
    const { sigma, delta, epsilon, abs } = vectors.p18;
    const orders: number[] = [];
    for (let i = 1001; i <= 100000; i++) orders.push(i / 1000);
    const event = gaussian(sigma);
    assertClose(epsilonOfEvent(event, { delta, orders }).epsilon, epsilon, { abs }, 'P18 ε');
    assertClose(deltaOfEvent(event, { epsilon, orders }).delta, delta, { rel: 1e-6 }, 'P18 δ');
  });

  it('classic is looser than improved on the same RDP', () => {
    const event = dpSgdEvent(1.1, 0.01, 1000);
    const improved = epsilonOfEvent(event, { delta: 1e-5 });
    const classic = epsilonOfEvent(event, { delta: 1e-5, conversion: 'classic' });
    assert.ok(classic.epsilon > improved.epsilon);
  });

  it('δ(ε) inverts ε(δ): δ(ε(δ)) ≤ δ, with equality when the improved bound is the active one', () => {
    const event = dpSgdEvent(1.5, 0.04, 2250);
    for (const delta of [1e-3, 1e-5, 1e-8]) {
      const { epsilon } = epsilonOfEvent(event, { delta });
      const back = deltaOfEvent(event, { epsilon });
      assertClose(back.delta, delta, { rel: 1e-9 }, `δ = ${delta}`);
    }
  });

  it('NaN orders are ignored; all-NaN gives ε = ∞', () => {
    const r = epsilonFromRdp([2, 3, 4], [NaN, 0.5, NaN], 1e-5);
    assert.equal(r.order, 3);
    const none = epsilonFromRdp([2, 3], [NaN, NaN], 1e-5);
    assert.equal(none.epsilon, Infinity);
    assert.ok(Number.isNaN(none.order));
  });

  it('zero RDP everywhere means ε = 0; α = ∞ uses the pure-DP value', () => {
    assert.equal(epsilonFromRdp([2, 3], [0, 0], 1e-5).epsilon, 0);
    assert.equal(epsilonFromRdp([2, Infinity], [50, 0.7], 1e-5).epsilon, 0.7);
    assert.equal(deltaFromRdp([Infinity], [0.7], 0.7).delta, 0);
  });

  it('flags an optimum at the smallest order', () => {
    const r = epsilonFromRdp([2, 3, 4], [0.1, 9, 15], 1e-5);
    assert.equal(r.order, 2);
    assert.match(r.warning ?? '', /smallest order/);
  });

  it('rejects δ outside (0, 1), mismatched lengths and unknown conversions', () => {
    for (const delta of [0, 1, -1e-5, 1.5, NaN]) {
      assert.throws(() => epsilonFromRdp([2], [1], delta), (e: unknown) => e instanceof UserError && /δ \(delta\) must be in \(0, 1\)/.test(e.message));
    }
    assert.throws(() => epsilonFromRdp([2, 3], [1], 1e-5), UserError);
    assert.throws(() => epsilonFromRdp([2], [1], 1e-5, 'fancy' as 'classic'), UserError);
    assert.throws(() => deltaFromRdp([2], [1], -1), UserError);
  });
});
