// SEP without noise or clipping recovers a known posterior where EP is exact (a conjugate model),
// and its logistic-regression fixed point is close to the exact 1-D posterior.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  logisticModel, mixtureModel, momentsFromNatural, posteriorOf, runSep, sepUpdate, simulateMixture, type Site, zeroSite,
} from '../../src/bayes/sep/index.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';

describe('SEP recovers known posteriors', () => {
  // One-component mixture = Gaussian mean with known covariance s²I, prior N(m0, v0·I): conjugate.
  const d = 3, N = 400, s2 = 0.25, v0 = 10;
  const data = simulateMixture({ records: N, dim: d, components: 1, seed: 5 });
  const model = mixtureModel({ dim: d, components: 1, noiseVariance: s2, data: data.data, priorMeans: data.priorMeans, priorVariance: v0 });
  const exactPrecision = 1 / v0 + N / s2;
  const exactMean = Array.from({ length: d }, (_, i) => {
    let sum = 0;
    for (let n = 0; n < N; n++) sum += data.data[n * d + i]!;
    return (data.priorMeans[i]! / v0 + sum / s2) / exactPrecision;
  });

  it('the SEP fixed point (full-batch update, γ = 1) is the closed-form posterior to 1e-9', () => {
    const all = Array.from({ length: N }, (_, n) => n);
    let site: Site = zeroSite(1, d);
    for (let it = 0; it < 3; it++) site = sepUpdate(model, site, all, { gamma: 1, size: N, clip: null })!;
    const q = momentsFromNatural(posteriorOf(model.prior, site, N)[0]!)!;
    for (let i = 0; i < d; i++) {
      assert.ok(Math.abs(q.mean[i]! - exactMean[i]!) < 1e-9, `mean[${i}] ${q.mean[i]} vs ${exactMean[i]}`);
      for (let j = 0; j < d; j++) assert.ok(Math.abs(q.covariance[i * d + j]! - (i === j ? 1 / exactPrecision : 0)) < 1e-12);
    }
  });

  it('stochastic SEP (one record per step, random order) settles at the same posterior', async () => {
    const run = await runSep({ model, size: N, epochs: 30, gamma: 1, clip: null, noiseStd: 0, sampling: 'shuffle', seed: 3, tailAverage: 0.5 });
    const q = run.moments[0]!;
    // The precision block of every local site is exactly I/s², so the covariance is exact.
    for (let i = 0; i < d; i++) assert.ok(Math.abs(q.covariance[i * d + i]! - 1 / exactPrecision) < 1e-9);
    // The mean block is a moving average of the records (step γ/N): it fluctuates by O(sd/N) around the fixed point.
    for (let i = 0; i < d; i++) assert.ok(Math.abs(q.mean[i]! - exactMean[i]!) < 5e-3, `mean[${i}] ${q.mean[i]} vs ${exactMean[i]}`);
    assert.equal(run.skippedSteps, 0);
  });

  it('logistic-regression SEP fixed point (d = 1) is close to the exact posterior by quadrature', () => {
    const rng = createRng(11), n = 300, prior = 4;
    const x = Float64Array.from({ length: n }, () => rng.normal() * 0.5);
    const y = Int8Array.from(x, (xi) => (rng.uniform() < 1 / (1 + Math.exp(-1.5 * xi)) ? 1 : -1));
    const m = logisticModel({ features: x, labels: y, dim: 1, priorVariance: prior });
    const all = Array.from({ length: n }, (_, i) => i);
    let site: Site = zeroSite(1, 1);
    for (let it = 0; it < 200; it++) site = sepUpdate(m, site, all, { gamma: 0.5, size: n, clip: null })!;
    const next = sepUpdate(m, site, all, { gamma: 1, size: n, clip: null })!; // fixed point: one more full step changes nothing
    assert.ok(Math.abs(next[0]!.linear[0]! - site[0]!.linear[0]!) < 1e-10 && Math.abs(next[0]!.precision[0]! - site[0]!.precision[0]!) < 1e-10);
    const q = momentsFromNatural(posteriorOf(m.prior, site, n)[0]!)!;
    // Exact posterior on a grid.
    let Z = 0, m1 = 0, m2 = 0, maxLog = -Infinity;
    const grid = Array.from({ length: 20001 }, (_, k) => -5 + k * 0.0005);
    const logs = grid.map((w) => {
      let l = -0.5 * w * w / prior;
      for (let i = 0; i < n; i++) l -= Math.log1p(Math.exp(-y[i]! * x[i]! * w));
      maxLog = Math.max(maxLog, l);
      return l;
    });
    grid.forEach((w, k) => { const p = Math.exp(logs[k]! - maxLog); Z += p; m1 += p * w; m2 += p * w * w; });
    const mean = m1 / Z, variance = m2 / Z - mean * mean;
    assert.ok(Math.abs(q.mean[0]! - mean) < 0.01 * Math.sqrt(variance), `mean ${q.mean[0]} vs ${mean}`);
    assert.ok(Math.abs(q.covariance[0]! - variance) < 0.02 * variance, `variance ${q.covariance[0]} vs ${variance}`);
  });
});
