import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autodpGaussianEpsilon, autodpGaussianSigma } from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { assertClose, loadFixture } from './fixtures.js';

interface Vectors {
  autodp: {
    sigmaRows: { epsilon: number; delta: number; k: number; sigma: number; abs: number }[];
    epsilonRows: { sigma: number; delta: number; k: number; epsilon: number; abs: number }[];
  };
}
const { autodp } = loadFixture<Vectors>('accounting-vectors.json');

describe('autodp gaussian_mech closed form (methods/mmd-generators.md §1.3)', () => {
  it('σ for (ε, δ, k)', () => {
    for (const r of autodp.sigmaRows) {
      assertClose(autodpGaussianSigma(r), r.sigma, { abs: r.abs }, `ε=${r.epsilon} δ=${r.delta} k=${r.k}`);
    }
  });

  it('ε for (σ, δ, k)', () => {
    for (const r of autodp.epsilonRows) {
      assertClose(autodpGaussianEpsilon(r), r.epsilon, { abs: r.abs }, `σ=${r.sigma} δ=${r.delta} k=${r.k}`);
    }
  });

  it('the two are inverses', () => {
    for (const k of [1, 2, 10]) {
      for (const epsilon of [0.01, 0.5, 3, 40]) {
        const sigma = autodpGaussianSigma({ epsilon, delta: 1e-6, k });
        assertClose(autodpGaussianEpsilon({ sigma, delta: 1e-6, k }), epsilon, { rel: 1e-13 }, `k=${k} ε=${epsilon}`);
      }
    }
  });

  it('rejects bad parameters', () => {
    assert.throws(() => autodpGaussianSigma({ epsilon: 0, delta: 1e-5 }), UserError);
    assert.throws(() => autodpGaussianEpsilon({ sigma: 1, delta: 2 }), UserError);
    assert.throws(() => autodpGaussianEpsilon({ sigma: 1, delta: 1e-5, k: -1 }), UserError);
  });
});
