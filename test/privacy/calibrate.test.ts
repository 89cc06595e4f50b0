import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calibrateEventNoise,
  calibrateNoise,
  composed,
  dpSgdEvent,
  epsilonForSubsampledGaussian,
  gaussian,
  noiseMultiplierForTarget,
  selfComposed,
} from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { assertClose, loadFixture, namedOrders } from './fixtures.js';

interface CalibrationCase {
  id: string;
  epsilon: number;
  delta: number;
  q: number;
  steps: number;
  mode: 'precise' | 'opacus';
  orders: string;
  conversion: 'improved' | 'classic';
  sigma: number;
  abs: number;
}
const { calibration } = loadFixture<{ calibration: CalibrationCase[] }>('accounting-vectors.json');

describe('noise calibration', () => {
  for (const c of calibration) {
    it(`${c.id}: ε=${c.epsilon} δ=${c.delta} q=${c.q} T=${c.steps} (${c.mode}) → σ ${c.sigma}`, () => {
      const result = noiseMultiplierForTarget({
        epsilon: c.epsilon,
        delta: c.delta,
        samplingRate: c.q,
        steps: c.steps,
        orders: namedOrders(c.orders),
        conversion: c.conversion,
        mode: c.mode,
      });
      if (c.abs === 0) assert.equal(result.noiseMultiplier, c.sigma, c.id);
      else assertClose(result.noiseMultiplier, c.sigma, { abs: c.abs }, c.id);
      assert.ok(result.epsilon <= c.epsilon, 'returned σ meets the target');
    });
  }

  it('precise mode is conservative and tight to ~1e-6 relative', () => {
    const target = { epsilon: 3, delta: 1e-5, samplingRate: 0.02, steps: 5000 };
    const { noiseMultiplier: sigma, epsilon, order } = noiseMultiplierForTarget(target);
    assert.ok(epsilon <= 3);
    const check = epsilonForSubsampledGaussian({ noiseMultiplier: sigma, ...target, delta: 1e-5 });
    assert.equal(check.epsilon, epsilon);
    assert.equal(check.order, order);
    const below = epsilonForSubsampledGaussian({ noiseMultiplier: sigma * (1 - 2e-6), ...target, delta: 1e-5 });
    assert.ok(below.epsilon > 3, 'a slightly smaller σ misses the target');
  });

  it('is generic over ε(σ): any non-increasing function works', () => {
    // ε(σ) = 10/σ meets ε = 4 at σ = 2.5.
    const r = calibrateNoise({ targetEpsilon: 4, epsilonForNoise: (s) => 10 / s });
    assertClose(r.noiseMultiplier, 2.5, { rel: 1.1e-6 }, 'precise');
    assert.ok(r.epsilon <= 4);
    const o = calibrateNoise({ targetEpsilon: 4, epsilonForNoise: (s) => 10 / s, mode: 'opacus' });
    assert.ok(o.epsilon <= 4 && 4 - o.epsilon <= 0.01);
  });

  it('calibrates any event family, e.g. k Gaussian releases sharing σ', () => {
    const r = calibrateEventNoise({
      targetEpsilon: 2,
      delta: 1e-6,
      eventForNoise: (s) => composed([selfComposed(gaussian(s), 3), dpSgdEvent(s, 0.01, 100)]),
    });
    assert.ok(r.epsilon <= 2 && r.epsilon > 2 * (1 - 1e-4));
  });

  it('explains an unreachable target (the conversion cannot certify tiny ε on a bounded grid)', () => {
    assert.throws(
      () => noiseMultiplierForTarget({ epsilon: 0.01, delta: 1e-5, samplingRate: 0.01, steps: 100 }),
      (e: unknown) =>
        e instanceof UserError && /cannot be reached/.test(e.message) && /cannot certify ε below/.test(e.message),
    );
    assert.throws(
      () => noiseMultiplierForTarget({ epsilon: 0.01, delta: 1e-5, samplingRate: 0.01, steps: 100, mode: 'opacus' }),
      UserError,
    );
  });

  it('rejects bad targets', () => {
    const base = { epsilon: 1, delta: 1e-5, samplingRate: 0.01, steps: 100 };
    assert.throws(() => noiseMultiplierForTarget({ ...base, epsilon: 0 }), /Target ε \(epsilon\) must be a positive finite number/);
    assert.throws(() => noiseMultiplierForTarget({ ...base, delta: 0 }), /δ \(delta\) must be in \(0, 1\)/);
    assert.throws(() => noiseMultiplierForTarget({ ...base, samplingRate: 1.5 }), /Sampling rate q must be in \[0, 1\], got 1.5/);
    assert.throws(() => noiseMultiplierForTarget({ ...base, steps: -3 }), /Number of steps must be a whole number ≥ 0/);
    assert.throws(() => noiseMultiplierForTarget({ ...base, mode: 'fast' as 'opacus' }), UserError);
    assert.throws(() => noiseMultiplierForTarget({ ...base, steps: 0 }), /no record is ever used/);
    assert.throws(() => noiseMultiplierForTarget({ ...base, samplingRate: 0, mode: 'opacus' }), /no record is ever used/);
  });
});
