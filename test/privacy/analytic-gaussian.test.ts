import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  analyticGaussianDelta,
  analyticGaussianEpsilon,
  analyticGaussianSigma,
} from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { assertClose, loadFixture, relErr } from './fixtures.js';

interface Vectors {
  analyticGaussianSigma: { deltas: number[]; rows: number[][]; rel: number };
  analyticGaussianEpsilon: { rows: [number, number, number][]; rel: number };
}
interface Grid {
  sigmaForEpsilon: { epsilon: number; delta: number; sigma: number }[];
  epsilonForSigma: { sigma: number; delta: number; epsilon: number }[];
}
const vectors = loadFixture<Vectors>('accounting-vectors.json');
const grid = loadFixture<Grid>('analytic-gaussian-grid.json');

describe('analytic Gaussian (Balle & Wang 2018)', () => {
  it('§8.6: σ for (ε, δ) matches dp_accounting to 1e-8 relative', () => {
    const { deltas, rows, rel } = vectors.analyticGaussianSigma;
    for (const [epsilon, ...sigmas] of rows) {
      sigmas.forEach((expected, i) => {
        const delta = deltas[i]!;
        assertClose(analyticGaussianSigma({ epsilon: epsilon!, delta, sensitivity: 1 }), expected, { rel }, `ε=${epsilon} δ=${delta}`);
      });
    }
  });

  it('§8.6: ε for (σ, δ) matches dp_accounting', () => {
    for (const [sigma, delta, expected] of vectors.analyticGaussianEpsilon.rows) {
      assertClose(analyticGaussianEpsilon({ sigma, delta, sensitivity: 1 }), expected, { rel: vectors.analyticGaussianEpsilon.rel }, `σ=${sigma} δ=${delta}`);
    }
  });

  it('agrees with an independent scipy brentq solver to 1e-10 relative on a grid', (t) => {
    let worstSigma = 0;
    for (const row of grid.sigmaForEpsilon) {
      const err = relErr(analyticGaussianSigma({ epsilon: row.epsilon, delta: row.delta, sensitivity: 1 }), row.sigma);
      worstSigma = Math.max(worstSigma, err);
      assert.ok(err <= 1e-10, `σ for ε=${row.epsilon} δ=${row.delta}: rel ${err}`);
    }
    let worstEpsilon = 0;
    for (const row of grid.epsilonForSigma) {
      const err = relErr(analyticGaussianEpsilon({ sigma: row.sigma, delta: row.delta, sensitivity: 1 }), row.epsilon);
      worstEpsilon = Math.max(worstEpsilon, err);
      assert.ok(err <= 1e-10, `ε for σ=${row.sigma} δ=${row.delta}: rel ${err}`);
    }
    t.diagnostic(`max relative difference vs scipy brentq: σ ${worstSigma.toExponential(3)}, ε ${worstEpsilon.toExponential(3)}`);
  });

  it('σ scales linearly with the sensitivity, and δ(ε, σ) inverts both solvers', () => {
    const base = analyticGaussianSigma({ epsilon: 1, delta: 1e-5, sensitivity: 1 });
    assertClose(analyticGaussianSigma({ epsilon: 1, delta: 1e-5, sensitivity: 2.5 }), 2.5 * base, { rel: 1e-14 }, 'Δ = 2.5');
    assertClose(analyticGaussianDelta({ epsilon: 1, sigma: base }), 1e-5, { rel: 1e-12 }, 'δ at σ(ε, δ)');
    const eps = analyticGaussianEpsilon({ sigma: 3, delta: 1e-6, sensitivity: 2 });
    assertClose(analyticGaussianDelta({ epsilon: eps, sigma: 3, sensitivity: 2 }), 1e-6, { rel: 1e-12 }, 'δ at ε(σ, δ)');
  });

  it('ε = 0 is reachable when the noise is large enough for δ alone', () => {
    assert.equal(analyticGaussianEpsilon({ sigma: 1e6, delta: 1e-3, sensitivity: 1 }), 0);
    const s = analyticGaussianSigma({ epsilon: 0, delta: 1e-3, sensitivity: 1 });
    assertClose(analyticGaussianDelta({ epsilon: 0, sigma: s }), 1e-3, { rel: 1e-12 }, '(0, δ)');
  });

  it('rejects bad parameters with a UserError', () => {
    assert.throws(() => analyticGaussianSigma({ epsilon: -1, delta: 1e-5, sensitivity: 1 }), UserError);
    assert.throws(() => analyticGaussianSigma({ epsilon: 1, delta: 1, sensitivity: 1 }), /δ \(delta\) must be in \(0, 1\)/);
    assert.throws(() => analyticGaussianSigma({ epsilon: 1, delta: 1e-5, sensitivity: 0 }), /Sensitivity Δ must be a positive finite number/);
    assert.throws(() => analyticGaussianEpsilon({ sigma: 0, delta: 1e-5, sensitivity: 1 }), UserError);
    assert.throws(() => analyticGaussianEpsilon({ sigma: NaN, delta: 1e-5, sensitivity: 1 }), UserError);
  });
});
