import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  OPACUS_DEFAULT_ORDERS,
  composed,
  createRdpAccountant,
  dpSgdEvent,
  epsilonOfEvent,
  exponentialMechanism,
  gaussian,
  laplace,
  laplaceForEpsilon,
  noOp,
  poissonSampled,
  pureDp,
  rdpOfEvent,
  selfComposed,
  zcdp,
} from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { assertClose } from './fixtures.js';

const orders = [1.5, 2, 3.5, 10, 32, Infinity];

describe('RDP accountant over event trees', () => {
  it('Gaussian: α/(2σ²); zCDP: ρα; a Gaussian is (1/(2σ²))-zCDP', () => {
    assert.deepEqual(rdpOfEvent(gaussian(2), [2, 8]), [0.25, 1]);
    assert.deepEqual(rdpOfEvent(zcdp(0.125), [2, 8]), [0.25, 1]);
    assert.equal(rdpOfEvent(gaussian(2), [Infinity])[0], Infinity);
  });

  it('Laplace: exact RDP tends to ε at α → ∞ and to the KL divergence near α = 1', () => {
    const b = 2;
    const rdp = rdpOfEvent(laplace(b), [1.000001, 2, 1e6, Infinity]);
    const kl = 1 / b + Math.exp(-1 / b) - 1; // Mironov 2017, Table II, α = 1
    assertClose(rdp[0]!, kl, { rel: 1e-5 }, 'α → 1');
    assertClose(rdp[1]!, Math.log((2 / 3) * Math.exp(1 / b) + (1 / 3) * Math.exp(-2 / b)), { rel: 1e-15 }, 'α = 2');
    assertClose(rdp[2]!, 1 / b, { rel: 1e-5 }, 'α → ∞');
    assert.equal(rdp[3], 1 / b);
    assert.deepEqual(rdpOfEvent(laplaceForEpsilon(0.5), [Infinity]), [0.5]);
    // Pure ε-DP, so (ε, δ) for any δ via α = ∞ on a grid that includes it.
    assert.ok(epsilonOfEvent(laplace(b), { delta: 1e-9, orders }).epsilon <= 1 / b);
  });

  it('pure ε-DP and the exponential mechanism use min(ε, αε²/2) and min(ε, αε²/8)', () => {
    const close = (a: number[], b: number[]) => a.forEach((v, i) => assertClose(v, b[i]!, { rel: 1e-15 }, `entry ${i}`));
    close(rdpOfEvent(pureDp(0.1), [2, 100, Infinity]), [0.01, 0.1, 0.1]);
    close(rdpOfEvent(exponentialMechanism(0.4), [2, 100, Infinity]), [0.04, 0.4, 0.4]);
  });

  it('selfComposed(e, n) equals composed of n copies; counts multiply; zero count is free', () => {
    const step = poissonSampled(0.02, gaussian(1.3));
    const a = rdpOfEvent(selfComposed(step, 4), orders);
    const b = rdpOfEvent(composed([step, step, step, step]), orders);
    a.forEach((v, i) => assertClose(v, b[i]!, { rel: 1e-15 }, `order ${orders[i]}`));
    const nested = rdpOfEvent(selfComposed(selfComposed(step, 2), 3), orders);
    const flat = rdpOfEvent(selfComposed(step, 6), orders);
    nested.forEach((v, i) => assertClose(v, flat[i]!, { rel: 1e-15 }, `nested ${orders[i]}`));
    assert.deepEqual(rdpOfEvent(selfComposed(step, 0), orders), orders.map(() => 0));
  });

  it('sampling with q = 1 is the inner event, q = 0 or a no-op costs nothing', () => {
    assert.deepEqual(rdpOfEvent(poissonSampled(1, gaussian(3)), orders), rdpOfEvent(gaussian(3), orders));
    assert.deepEqual(rdpOfEvent(poissonSampled(0, gaussian(3)), orders), orders.map(() => 0));
    assert.deepEqual(rdpOfEvent(poissonSampled(0.3, noOp()), orders), orders.map(() => 0));
    assert.equal(epsilonOfEvent(noOp(), { delta: 1e-5 }).epsilon, 0);
  });

  it('refuses Poisson sampling of a non-Gaussian event with a clear UserError', () => {
    assert.throws(
      () => rdpOfEvent(poissonSampled(0.1, laplace(1)), orders),
      (e: unknown) => e instanceof UserError && /only account Poisson sampling of a Gaussian/.test(e.message),
    );
  });

  it('the running accountant matches the pure functions', () => {
    const acc = createRdpAccountant();
    acc.compose(dpSgdEvent(1, 0.01, 1000));
    acc.compose(poissonSampled(0.02, gaussian(2)), 500);
    const direct = epsilonOfEvent(composed([dpSgdEvent(1, 0.01, 1000), dpSgdEvent(2, 0.02, 500)]), { delta: 1e-5 });
    assert.deepEqual(acc.epsilon(1e-5), direct);
    assert.equal(acc.orders.length, OPACUS_DEFAULT_ORDERS.length);
    assertClose(acc.delta(direct.epsilon).delta, 1e-5, { rel: 1e-9 }, 'δ back');
    assert.ok(acc.epsilon(1e-5, 'classic').epsilon > direct.epsilon);
    assert.throws(() => acc.compose(gaussian(1), -1), UserError);
  });
});
