// DP-SEP's privacy claims: clipping bounds, the sensitivity of one update under add/remove-one
// (and replace-one), the applied noise std, the ledger against `privkit account`, and utility
// improving with ε.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  addSiteNoise, clipSiteInPlace, flattenSite, logisticModel, mixtureModel, posteriorDistance, runDpSep, runSep,
  type SepModel, sepSensitivity, sepUpdate, simulateMixture, type Site, siteBlockNorms, zeroSite, cavityOf,
} from '../../src/bayes/sep/index.js';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { epsilonForSubsampledGaussian } from '../../src/privacy/index.js';
import { main } from '../../src/cli/main.js';

after(() => UNSAFE_seedPrivacyNoiseForTesting(null));

const d = 2, K = 2, s2 = 0.25;
function mog(rows: Float64Array, priorMeans: Float64Array): SepModel {
  return mixtureModel({ dim: d, components: K, noiseVariance: s2, data: rows, priorMeans, priorVariance: 10 });
}
const base = simulateMixture({ records: 60, dim: d, components: K, seed: 9 });
const withRecord = (x: number[]): Float64Array => Float64Array.from([...base.data, ...x]);
const replaced = (i: number, x: number[]): Float64Array => { const r = Float64Array.from(base.data); r.set(x, i * d); return r; };
const distance = (a: Site, b: Site): number => {
  const fa = flattenSite(a), fb = flattenSite(b);
  let s = 0;
  for (let i = 0; i < fa.length; i++) s += (fa[i]! - fb[i]!) ** 2;
  return Math.sqrt(s);
};

describe('DP-SEP privacy', () => {
  it('every clipped local site and the released average site stay within C per block', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(1);
    const model = mog(base.data, base.priorMeans);
    for (const tailAverage of [0, 0.5]) {
      const r = await runDpSep({ model, epsilon: 2, delta: 1e-5, publicSize: 60, epochs: 3, clip: 0.7, tailAverage });
      for (const n of siteBlockNorms(r.site)) assert.ok(n <= 0.7 + 1e-12, `block norm ${n}`);
      const local = model.localSites(cavityOf(model.prior, r.site, 60), [0, 1, 2, 3, 4])!;
      for (const l of local) for (const n of siteBlockNorms(clipSiteInPlace(l, 0.7))) assert.ok(n <= 0.7 + 1e-12);
    }
  });

  it('adding, removing or replacing one record moves the pre-noise update by at most 2γC√(2K)/N', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(2);
    const N = 60, C = 1, gamma = 1;
    const model = mog(base.data, base.priorMeans);
    const bound = sepSensitivity({ gamma, size: N, clip: C, blocks: 2 * K });
    assert.equal(bound, (2 * gamma * C * Math.sqrt(2 * K)) / N);
    // A released state reached by a short private run (clipped, PD precision).
    const state = (await runDpSep({ model, epsilon: 5, delta: 1e-5, publicSize: N, epochs: 2, tailAverage: 0 })).site;
    const rng = createRng(4);
    let worst = 0;
    for (let trial = 0; trial < 30; trial++) {
      const batch = Array.from({ length: N }, (_, n) => n).filter(() => rng.uniform() < 0.1);
      const far = trial % 3 === 0 ? 1e3 : 3;
      const x = [far * rng.normal(), far * rng.normal()];
      const before = sepUpdate(model, state, batch, { gamma, size: N, clip: C })!;
      // Add/remove: the new record N is in the batch of the larger data set.
      const added = sepUpdate(mog(withRecord(x), base.priorMeans), state, [...batch, N], { gamma, size: N, clip: C })!;
      worst = Math.max(worst, distance(added, before));
      assert.ok(distance(added, before) <= bound * (1 + 1e-12), `add: ${distance(added, before)} > ${bound}`);
      // Replace one record that is in the batch.
      if (batch.length > 0) {
        const i = batch[0]!;
        const changed = sepUpdate(mog(replaced(i, x), base.priorMeans), state, batch, { gamma, size: N, clip: C })!;
        assert.ok(distance(changed, before) <= bound * (1 + 1e-12), `replace: ${distance(changed, before)} > ${bound}`);
      }
    }
    assert.ok(worst > 0.5 * bound, `random records already reach ${worst / bound} of the bound`);
  });

  it('the bound is attained: an average site opposite to the new record\'s clipped site moves by 2ξC in every block', () => {
    // λ_f = −clip(λ_{f*}(λ_f)) block by block (a fixed point, found by iteration): then the added
    // term ξ(clip(λ_{f*}) − λ_f) has norm exactly 2ξC per block. N and C small keep the cavity proper.
    const N = 5, C = 0.01, gamma = 1;
    const rows = base.data.subarray(0, (N - 1) * d), x = [0.8, -1.1];
    const small = mog(Float64Array.from(rows), base.priorMeans), big = mog(Float64Array.from([...rows, ...x]), base.priorMeans);
    let site: Site = zeroSite(K, d);
    for (let it = 0; it < 50; it++) {
      const star = clipSiteInPlace(big.localSites(cavityOf(big.prior, site, N), [N - 1])![0]!, C);
      site = star.map((c) => ({ dim: d, linear: c.linear.map((v) => -v), precision: c.precision.map((v) => -v) }));
    }
    const before = sepUpdate(small, site, [], { gamma, size: N, clip: C })!;
    const added = sepUpdate(big, site, [N - 1], { gamma, size: N, clip: C })!;
    const bound = sepSensitivity({ gamma, size: N, clip: C, blocks: 2 * K });
    const ratio = distance(added, before) / bound;
    assert.ok(ratio <= 1 + 1e-12 && ratio > 0.999, `ratio to the bound ${ratio}`);
  });

  it('logistic regression: a reachable state (PD average site) gets within 0.87 of the bound', () => {
    // λ_f: linear block −C·x*/‖x*‖ (opposite to the new site's), precision C·e₁e₁ᵀ (PD direction
    // orthogonal to x* = e₂): change per block 2C and √2·C, i.e. √6/√8 ≈ 0.866 of 2C√2.
    const N = 10, C = 0.05;
    const features = new Float64Array(N * 2), labels = new Int8Array(N).fill(1);
    for (let n = 0; n < N - 1; n++) features[n * 2] = 0.5;
    features[(N - 1) * 2 + 1] = 1; // x* = e₂, y* = +1 → site linear block ∝ +e₂
    const big = logisticModel({ features, labels, dim: 2, priorVariance: 1 });
    const small = logisticModel({ features: features.subarray(0, (N - 1) * 2), labels: labels.subarray(0, N - 1), dim: 2, priorVariance: 1 });
    const site: Site = [{ dim: 2, linear: Float64Array.from([0, -C]), precision: Float64Array.from([C, 0, 0, 0]) }];
    const diff = distance(sepUpdate(big, site, [N - 1], { gamma: 1, size: N, clip: C })!, sepUpdate(small, site, [], { gamma: 1, size: N, clip: C })!);
    const bound = sepSensitivity({ gamma: 1, size: N, clip: C, blocks: 2 });
    assert.ok(diff <= bound && diff / bound > 0.86, `ratio ${diff / bound}`);
  });

  it('the noise has the claimed std: s on the mean-type entries and the precision diagonal, s/√2 off the diagonal', () => {
    UNSAFE_seedPrivacyNoiseForTesting(3);
    const s = 0.37, draws = 4000, dim = 3;
    const sums = { lin: 0, diag: 0, off: 0 }, counts = { lin: 0, diag: 0, off: 0 };
    for (let t = 0; t < draws; t++) {
      const noisy = addSiteNoise(zeroSite(1, dim), s)[0]!;
      for (const v of noisy.linear) { sums.lin += v * v; counts.lin++; }
      for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) {
        const v = noisy.precision[i * dim + j]!;
        assert.equal(v, noisy.precision[j * dim + i]!);
        if (i === j) { sums.diag += v * v; counts.diag++; } else if (i < j) { sums.off += v * v; counts.off++; }
      }
    }
    const sd = (k: keyof typeof sums) => Math.sqrt(sums[k] / counts[k]);
    assert.ok(Math.abs(sd('lin') / s - 1) < 0.03, `linear ${sd('lin')}`);
    assert.ok(Math.abs(sd('diag') / s - 1) < 0.03, `diagonal ${sd('diag')}`);
    assert.ok(Math.abs(sd('off') / (s / Math.SQRT2) - 1) < 0.03, `off-diagonal ${sd('off')}`);
  });

  it('runSep applies the noise std it is given on every step, and DP-SEP claims σ × sensitivity', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(4);
    // A model whose records contribute nothing: after 2 steps with γ ≈ 0 the mean-type entry is z₁ + z₂.
    const stub: SepModel = { kind: 'logreg', components: 1, dim: 1, prior: [{ dim: 1, linear: new Float64Array(1), precision: Float64Array.from([1]) }], records: 3, localSites: (_c, r) => r.map(() => zeroSite(1, 1)) };
    let sq = 0;
    const runs = 3000, std = 0.2;
    for (let i = 0; i < runs; i++) {
      const r = await runSep({ model: stub, size: 2, epochs: 1, gamma: 1e-9, clip: 1e9, noiseStd: std, sampling: 'poisson' });
      sq += r.site[0]!.linear[0]! ** 2;
    }
    assert.ok(Math.abs(Math.sqrt(sq / runs) / (std * Math.SQRT2) - 1) < 0.04, `std over 2 steps ${Math.sqrt(sq / runs)}`);
    const model = mog(base.data, base.priorMeans);
    const r = await runDpSep({ model, epsilon: 1, delta: 1e-5, publicSize: 60, epochs: 1, gamma: 0.5, clip: 2 });
    assert.equal(r.sensitivity, (2 * 0.5 * 2 * Math.sqrt(2 * K)) / 60);
    assert.equal(r.noiseStd, r.noiseMultiplier * r.sensitivity);
    assert.equal(r.ledger.entries[0]!.details?.noiseStd, r.noiseStd);
  });

  it('the ledger\'s ε equals `privkit account` for the same σ, q = 1/N and T = epochs·N', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(5);
    const model = mog(base.data, base.priorMeans);
    const r = await runDpSep({ model, epsilon: 1, delta: 1e-5, publicSize: 60, epochs: 4 });
    assert.equal(r.steps, 240);
    assert.equal(r.ledger.adjacency, 'add-remove-one');
    const library = epsilonForSubsampledGaussian({ noiseMultiplier: r.noiseMultiplier, samplingRate: 1 / 60, steps: 240, delta: 1e-5 });
    assert.equal(r.ledger.spent.epsilon, library.epsilon);
    assert.ok(r.ledger.spent.epsilon <= 1 && r.ledger.spent.epsilon > 0.999);
    let out = '';
    const code = await main(['account', '--noise', String(r.noiseMultiplier), '--sampling-rate', String(1 / 60), '--steps', '240', '--delta', '1e-5', '--json'], { out: (t) => { out += t; }, err: () => {}, interactive: false });
    assert.equal(code, 0);
    assert.equal((JSON.parse(out) as { epsilon: number }).epsilon, r.ledger.spent.epsilon);
  });

  it('without a public size the record count is released first and the total still meets the budget', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(6);
    const model = mog(base.data, base.priorMeans);
    const r = await runDpSep({ model, epsilon: 1, delta: 1e-5, epochs: 2 });
    assert.equal(r.sizeReleased, true);
    assert.deepEqual(r.ledger.entries.map((e) => e.label), ['training record count', 'DP-SEP site updates']);
    assert.ok(r.epsilon <= 1 && r.epsilon > 0.99, `spent ${r.epsilon}`);
    assert.equal(r.samplingRate, 1 / r.size);
  });

  it('the posterior error against non-private SEP shrinks as ε grows (small mixture)', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(7);
    const data = simulateMixture({ records: 300, dim: d, components: K, seed: 21 });
    const model = mog(data.data, data.priorMeans);
    const reference = await runSep({ model, size: 300, epochs: 10, gamma: 1, clip: null, noiseStd: 0, sampling: 'shuffle', seed: 1 });
    const error = async (epsilon: number): Promise<number> => {
      let e = 0;
      for (let rep = 0; rep < 4; rep++) {
        const r = await runDpSep({ model, epsilon, delta: 1e-5, publicSize: 300, epochs: 10 });
        e += posteriorDistance(r.moments, reference.moments).mean / 4;
      }
      return e;
    };
    const [low, mid, high] = [await error(0.5), await error(5), await error(100)];
    assert.ok(low > mid && mid > high, `errors ${low}, ${mid}, ${high}`);
  });
});
