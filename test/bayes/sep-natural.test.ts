import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clipSiteInPlace, gaussHermite, momentsFromNatural, naturalFromMoments, repairSite, siteBlockNorms, type Site,
} from '../../src/bayes/sep/index.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';

const rng = createRng(7);

function randomSpd(d: number): Float64Array {
  const A = Float64Array.from({ length: d * d }, () => rng.normal());
  const S = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = i === j ? 0.5 : 0;
    for (let k = 0; k < d; k++) s += A[i * d + k]! * A[j * d + k]!;
    S[i * d + j] = s;
  }
  return S;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('DP-SEP natural parameters', () => {
  it('moments → natural → moments is the identity (d = 1, 4, 12)', () => {
    for (const d of [1, 4, 12]) {
      const mean = Float64Array.from({ length: d }, () => 3 * rng.normal());
      const covariance = randomSpd(d);
      const nat = naturalFromMoments({ dim: d, mean, covariance });
      const back = momentsFromNatural(nat)!;
      assert.ok(maxAbsDiff(back.mean, mean) < 1e-9, `mean, d = ${d}`);
      assert.ok(maxAbsDiff(back.covariance, covariance) < 1e-9, `covariance, d = ${d}`);
      // Λμ = h and ΛΣ = I.
      for (let i = 0; i < d; i++) {
        let h = 0;
        for (let j = 0; j < d; j++) h += nat.precision[i * d + j]! * mean[j]!;
        assert.ok(Math.abs(h - nat.linear[i]!) < 1e-9);
      }
    }
  });

  it('an indefinite precision has no moments', () => {
    assert.equal(momentsFromNatural({ dim: 2, linear: new Float64Array(2), precision: Float64Array.from([1, 0, 0, -1]) }), null);
  });

  it('clipping bounds every block by C and leaves small blocks alone', () => {
    const site: Site = [
      { dim: 2, linear: Float64Array.from([3, 4]), precision: Float64Array.from([10, 1, 1, 10]) },
      { dim: 2, linear: Float64Array.from([0.1, 0]), precision: Float64Array.from([0.2, 0, 0, 0.2]) },
    ];
    clipSiteInPlace(site, 1);
    const norms = siteBlockNorms(site);
    assert.ok(Math.abs(norms[0]! - 1) < 1e-12 && Math.abs(norms[1]! - 1) < 1e-12);
    assert.deepEqual(Array.from(site[0]!.linear).map((v) => Number(v.toFixed(12))), [0.6, 0.8]);
    assert.ok(Math.abs(norms[2]! - 0.1) < 1e-15 && Math.abs(norms[3]! - Math.sqrt(0.08)) < 1e-15);
  });

  it('PD repair floors the eigenvalues at 1e-4, keeps a PD block as it is, then re-clips', () => {
    const site: Site = [{ dim: 2, linear: Float64Array.from([0.5, 0]), precision: Float64Array.from([0, 1, 1, 0]) }]; // eigenvalues ±1
    const repaired = repairSite(site, 1e-4, null)[0]!;
    // eigenvectors (1, ±1)/√2: 1·v₊v₊ᵀ + 1e-4·v₋v₋ᵀ
    const a = (1 + 1e-4) / 2, b = (1 - 1e-4) / 2;
    assert.ok(maxAbsDiff(repaired.precision, [a, b, b, a]) < 1e-12);
    const pd: Site = [{ dim: 2, linear: new Float64Array(2), precision: Float64Array.from([2, 0.5, 0.5, 1]) }];
    assert.ok(maxAbsDiff(repairSite(pd, 1e-4, null)[0]!.precision, pd[0]!.precision) < 1e-15);
    const clipped = repairSite(pd, 1e-4, 1);
    assert.ok(Math.abs(siteBlockNorms(clipped)[1]! - 1) < 1e-12);
  });

  it('Gauss–Hermite integrates polynomials of degree < 2n exactly', () => {
    const rule = gaussHermite(20);
    // ∫ t^{2k} e^{−t²} dt = Γ(k + ½) = (2k − 1)!!/2^k √π
    for (let k = 0; k < 20; k++) {
      let exact = Math.sqrt(Math.PI);
      for (let j = 1; j <= k; j++) exact *= (2 * j - 1) / 2;
      let q = 0, odd = 0;
      for (let i = 0; i < 20; i++) { q += rule.weights[i]! * rule.nodes[i]! ** (2 * k); odd += rule.weights[i]! * rule.nodes[i]! ** (2 * k + 1); }
      assert.ok(Math.abs(q - exact) <= 1e-10 * exact, `degree ${2 * k}: ${q} vs ${exact}`);
      assert.ok(Math.abs(odd) <= 1e-10 * exact * 10, `degree ${2 * k + 1}`);
    }
  });
});
