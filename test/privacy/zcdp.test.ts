import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bunSteinkeDelta,
  bunSteinkeEpsilon,
  bunSteinkeRho,
  cdpDelta,
  cdpEpsilon,
  cdpRho,
  epsilonOfEvent,
  gaussianRho,
  zcdp,
} from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { assertClose, loadFixture } from './fixtures.js';

interface Vectors {
  zcdpRho: { rows: number[][]; rel: number; mstSigmaAbs: number };
  zcdpEpsilon: { rows: number[][]; rel: number };
}
const vectors = loadFixture<Vectors>('accounting-vectors.json');

describe('zCDP conversions (accounting.md §8.7)', () => {
  it('ρ from (ε, δ): CKS cdp_rho, Bun–Steinke, and MST σ = √(3/(2ρ))', () => {
    const { rows, rel, mstSigmaAbs } = vectors.zcdpRho;
    for (const [epsilon, delta, rhoCks, rhoBs, mstSigma] of rows as [number, number, number, number, number][]) {
      const rho = cdpRho(epsilon, delta);
      assertClose(rho, rhoCks, { rel }, `cdp_rho(${epsilon}, ${delta})`);
      assertClose(bunSteinkeRho(epsilon, delta), rhoBs, { rel }, `Bun–Steinke ρ(${epsilon}, ${delta})`);
      assertClose(Math.sqrt(3 / (2 * rho)), mstSigma, { abs: mstSigmaAbs }, `MST σ(${epsilon}, ${delta})`);
      assert.ok(cdpDelta(rho, epsilon) <= delta, 'cdp_rho is on the conservative side');
    }
  });

  it('ε from ρ: CKS cdp_eps and Bun–Steinke', () => {
    const { rows, rel } = vectors.zcdpEpsilon;
    for (const [rho, delta, epsCks, epsBs] of rows as [number, number, number, number][]) {
      const eps = cdpEpsilon(rho, delta);
      assertClose(eps, epsCks, { rel }, `cdp_eps(${rho}, ${delta})`);
      assertClose(bunSteinkeEpsilon(rho, delta), epsBs, { rel }, `Bun–Steinke ε(${rho}, ${delta})`);
      assert.ok(cdpDelta(rho, eps) <= delta, 'cdp_eps is on the conservative side');
      assertClose(bunSteinkeDelta(rho, bunSteinkeEpsilon(rho, delta)), delta, { rel: 1e-12 }, 'Bun–Steinke δ inverts ε');
    }
  });

  it('cross-check: ρ = 0.5 (Gaussian σ = 1) via RDP on Opacus orders gives 4.728507 (α = 5.4)', () => {
    assert.equal(gaussianRho(1), 0.5);
    const r = epsilonOfEvent(zcdp(0.5), { delta: 1e-5 });
    assertClose(r.epsilon, 4.728507, { abs: 5e-7 }, 'zCDP event ε');
    assert.equal(r.order, 5.4);
  });

  it('edge cases and bad parameters', () => {
    assert.equal(cdpDelta(0, 1), 0);
    assert.equal(cdpEpsilon(0, 1e-5), 0);
    assert.equal(bunSteinkeDelta(1, 0.5), 1);
    assert.throws(() => cdpRho(1, 0), UserError);
    assert.throws(() => cdpEpsilon(-1, 1e-5), /ρ \(rho\) must be a finite number ≥ 0/);
    assert.throws(() => gaussianRho(0), UserError);
  });
});
