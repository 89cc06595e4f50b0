// VIPS Bayesian logistic regression: Pólya-Gamma means, the sensitivity of the released
// statistics, the noise actually applied, and the posterior against known and exact answers.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { polyaGammaMean } from '../../src/bayes/logreg/polya-gamma.js';
import { expectedStatistics, privatizeStatistics, statisticsSensitivity, secondMoment } from '../../src/bayes/logreg/statistics.js';
import { fitLogregVb, fitLogregVips, vipsEvent } from '../../src/bayes/logreg/vips.js';
import { scaleRows, type GaussianPosterior, type LogregData } from '../../src/bayes/logreg/model.js';
import { predictiveProbabilities } from '../../src/bayes/logreg/predict.js';
import { rocAuc } from '../../src/eval/metrics.js';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { createLedger, epsilonForSubsampledGaussian } from '../../src/privacy/index.js';

after(() => UNSAFE_seedPrivacyNoiseForTesting(null));

/** n rows in the unit ball (last coordinate an intercept) with labels from a known logistic model. */
function simulate(n: number, seed: number, weights = [3, -2, 1.5, 0.5]): LogregData {
  const rng = createRng(seed), d = weights.length, features = new Float64Array(n * d), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s2 = 0;
    for (let j = 0; j < d - 1; j++) { const v = rng.normal() * 0.3; features[i * d + j] = v; s2 += v * v; }
    features[i * d + d - 1] = 0.5;
    const scale = Math.min(1, 1 / Math.sqrt(s2 + 0.25));
    let z = 0;
    for (let j = 0; j < d; j++) { features[i * d + j] *= scale; z += weights[j]! * features[i * d + j]!; }
    labels[i] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { features, labels, rows: n, dim: d };
}

/** The released vector [s₁; w·diag S₂; w·√2·upper S₂] of a statistic. */
function releasedVector(s1: Float64Array, s2: Float64Array, d: number, w: number): number[] {
  const v = [...s1];
  for (let a = 0; a < d; a++) { v.push(w * s2[a * d + a]!); for (let b = 0; b < a; b++) v.push(w * Math.SQRT2 * s2[a * d + b]!); }
  return v;
}

describe('VIPS logistic regression', () => {
  it('Pólya-Gamma means match the card (c = 0, 0.5, 1, 2, 5)', () => {
    const expected: [number, number][] = [[0, 0.25], [0.5, 0.24491866], [1, 0.23105858], [2, 0.19039854], [5, 0.09866143], [1e-4, 0.25]];
    for (const [c, v] of expected) assert.ok(Math.abs(polyaGammaMean(c) - v) < 5e-8, `E[PG(1, ${c})] = ${polyaGammaMean(c)}`);
  });

  it('adding one record moves the released vector by at most Δ(w) (nearly Δ(w) in the worst case), replacing one by at most 2Δ(w)', () => {
    for (const w of [1, 4]) {
      const base = simulate(50, 1), d = base.dim;
      const M = secondMoment(new Float64Array(d), new Float64Array(d * d), d); // E[θθᵀ] = 0 → E[ω] = 1/4, its maximum
      const rows = Int32Array.from({ length: 50 }, (_, i) => i);
      const without = expectedStatistics(base, rows, M);
      // An adversarial record: a unit-norm row with label 1.
      const x = new Float64Array(d).fill(1 / Math.sqrt(d));
      const plus: LogregData = { features: Float64Array.from([...base.features, ...x]), labels: [...Array.from(base.labels), 1], rows: 51, dim: d };
      const withIt = expectedStatistics(plus, Int32Array.from({ length: 51 }, (_, i) => i), M);
      const a = releasedVector(without.s1, without.s2, d, w), b = releasedVector(withIt.s1, withIt.s2, d, w);
      const change = Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));
      assert.ok(change <= statisticsSensitivity(w) + 1e-12, `change ${change} > Δ ${statisticsSensitivity(w)}`);
      assert.ok(change >= 0.999 * statisticsSensitivity(w), `worst case ${change} should reach Δ ${statisticsSensitivity(w)}`);
      // Replacing record 0 by the adversarial one (remove + add): at most 2Δ.
      const replaced: LogregData = { features: Float64Array.from([...x, ...base.features.subarray(d)]), labels: [1, ...Array.from(base.labels).slice(1)], rows: 50, dim: d };
      const r = expectedStatistics(replaced, rows, M), c = releasedVector(r.s1, r.s2, d, w);
      const moved = Math.sqrt(a.reduce((s, v, i) => s + (v - c[i]!) ** 2, 0));
      assert.ok(moved <= 2 * statisticsSensitivity(w) + 1e-12, `replace moved ${moved} > 2Δ`);
    }
  });

  it('applies noise of std σΔ(w) to s₁, σΔ/w to S₂’s diagonal and σΔ/(w√2) off it', () => {
    UNSAFE_seedPrivacyNoiseForTesting(7);
    const d = 3, sigma = 2, w = 4, n = 4000, std = sigma * statisticsSensitivity(w);
    const zero = { s1: new Float64Array(d), s2: new Float64Array(d * d) };
    const acc = { s1: 0, diag: 0, off: 0 };
    for (let i = 0; i < n; i++) {
      const r = privatizeStatistics(zero, sigma, d, w);
      acc.s1 += r.s1[0]! ** 2; acc.diag += r.s2[4]! ** 2; acc.off += r.s2[1]! ** 2;
      assert.equal(r.s2[1], r.s2[3]); // symmetric
    }
    const sd = (s: number) => Math.sqrt(s / n);
    assert.ok(Math.abs(sd(acc.s1) / std - 1) < 0.05, `s1 ${sd(acc.s1)}`);
    assert.ok(Math.abs(sd(acc.diag) / (std / w) - 1) < 0.05, `diag ${sd(acc.diag)}`);
    assert.ok(Math.abs(sd(acc.off) / (std / (w * Math.SQRT2)) - 1) < 0.05, `off ${sd(acc.off)}`);
    UNSAFE_seedPrivacyNoiseForTesting(null);
  });

  it('non-private VB recovers the generating weights, and noiseless full-batch VIPS reaches the VB posterior', () => {
    const data = simulate(20000, 2);
    const vb = fitLogregVb(data, { a0: 1e6 * 0.01, b0: 1e6 }); // a fixed, weak prior
    [3, -2, 1.5, 0.5].forEach((w, j) => assert.ok(Math.abs(vb.mean[j]! - w) < 4 * Math.sqrt(vb.covariance[j * 5]!) + 0.05, `weight ${j}: ${vb.mean[j]} vs ${w}`));
    UNSAFE_seedPrivacyNoiseForTesting(3);
    const vips = fitLogregVips(data, { samplingRate: 1, iterations: 200, noiseMultiplier: 0, a0: 1e6 * 0.01, b0: 1e6, tau0: 1, kappa: 0.7 });
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(vips.mean[j]! - vb.mean[j]!) < 0.02, `VIPS ${vips.mean[j]} vs VB ${vb.mean[j]}`);
    UNSAFE_seedPrivacyNoiseForTesting(null);
  });

  it('private VIPS predicts nearly as well as VB, and worse with far more noise', () => {
    const train = simulate(20000, 4), test = simulate(5000, 5);
    const auc = (p: GaussianPosterior) => rocAuc(test.labels, predictiveProbabilities(p, test.features, test.rows));
    const vb = auc(fitLogregVb(train));
    UNSAFE_seedPrivacyNoiseForTesting(11);
    const modest = auc(fitLogregVips(train, { samplingRate: 1, iterations: 10, noiseMultiplier: 10 }));
    const huge = auc(fitLogregVips(train, { samplingRate: 1, iterations: 10, noiseMultiplier: 1e5 }));
    UNSAFE_seedPrivacyNoiseForTesting(null);
    assert.ok(vb - modest < 0.01, `VB ${vb} vs σ = 10 ${modest}`);
    assert.ok(huge < modest - 0.02, `σ = 1e5 ${huge} should be worse than σ = 10 ${modest}`);
  });

  it('accounts a run as T Poisson-subsampled Gaussians, equal to privkit account', () => {
    const ledger = createLedger({ epsilon: 10, delta: 1e-5, adjacency: 'add-remove-one' });
    ledger.register('VIPS', vipsEvent(3, 0.01, 500));
    const expected = epsilonForSubsampledGaussian({ noiseMultiplier: 3, samplingRate: 0.01, steps: 500, delta: 1e-5 }).epsilon;
    assert.ok(Math.abs(ledger.spent().epsilon - expected) < 1e-9 * expected, `${ledger.spent().epsilon} vs ${expected}`);
  });

  it('scales encoded rows into the unit ball with a public bound and an intercept', () => {
    const enc = Float32Array.from([1, 0, 1, 0.5, 0, 1, 1, 1.0000001]); // 2 rows × 4, bound √4 = 2 (second row overshoots by rounding)
    const rows = scaleRows(enc, 2, 4, 2);
    for (let i = 0; i < 2; i++) {
      let s = 0;
      for (let j = 0; j < 5; j++) s += rows[i * 5 + j]! ** 2;
      assert.ok(s <= 1 + 1e-12, `row ${i} norm² ${s}`);
      assert.ok(Math.abs(rows[i * 5 + 4]! - 1 / Math.sqrt(5)) < 1e-12);
    }
  });
});
