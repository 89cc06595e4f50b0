import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, secureGaussian, UNSAFE_seedPrivacyNoiseForTesting, privacyNoiseIsSeeded, fillSecureGaussian } from '../../src/engine/index.js';

function moments(x: ArrayLike<number>): { mean: number; std: number; kurtosis: number } {
  let s = 0; for (let i = 0; i < x.length; i++) s += x[i]!;
  const mean = s / x.length;
  let v = 0, k = 0;
  for (let i = 0; i < x.length; i++) { const d = x[i]! - mean; v += d * d; k += d ** 4; }
  v /= x.length; k /= x.length;
  return { mean, std: Math.sqrt(v), kurtosis: k / (v * v) };
}

test('secure Gaussian noise has the requested mean, standard deviation and Gaussian tails', () => {
  const n = 400_000, std = 2.5;
  const m = moments(secureGaussian(n, std));
  // 6 standard errors: fails only if the sampler is wrong.
  assert.ok(Math.abs(m.mean) < 6 * std / Math.sqrt(n), `mean ${m.mean}`);
  assert.ok(Math.abs(m.std / std - 1) < 6 * Math.sqrt(0.5 / n), `std ${m.std}`);
  assert.ok(Math.abs(m.kurtosis - 3) < 6 * Math.sqrt(24 / n), `kurtosis ${m.kurtosis}`);
});

test('secure noise is not reproducible; seeded test noise is, and says so', () => {
  const a = secureGaussian(8, 1), b = secureGaussian(8, 1);
  assert.notDeepEqual(a, b);
  assert.equal(privacyNoiseIsSeeded(), false);
  UNSAFE_seedPrivacyNoiseForTesting(7);
  try {
    assert.equal(privacyNoiseIsSeeded(), true);
    const c = secureGaussian(8, 1);
    UNSAFE_seedPrivacyNoiseForTesting(7);
    assert.deepEqual(secureGaussian(8, 1), c);
  } finally {
    UNSAFE_seedPrivacyNoiseForTesting(null);
  }
  assert.equal(privacyNoiseIsSeeded(), false);
});

test('the secure sampler fills odd lengths and float32 arrays, and rejects a bad std', () => {
  const out = new Float32Array(100_001);
  fillSecureGaussian(out, 1);
  assert.ok(out[100_000] !== 0 && Number.isFinite(out[100_000]!));
  assert.throws(() => fillSecureGaussian(out, -1), /standard deviation/);
  assert.throws(() => fillSecureGaussian(out, Number.NaN), /standard deviation/);
});

test('a million secure Gaussian draws take well under a second', () => {
  const start = performance.now();
  secureGaussian(1_000_000, 1);
  const ms = performance.now() - start;
  assert.ok(ms < 1000, `${ms} ms`);
});

test('the seeded generator is reproducible and uniform', () => {
  const a = createRng(42), b = createRng(42), c = createRng(43);
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(Array.from({ length: 5 }, () => b.uniform()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => c.uniform()), xs);
  const r = createRng(1);
  const u = Array.from({ length: 100_000 }, () => r.uniform());
  const m = moments(u);
  assert.ok(Math.abs(m.mean - 0.5) < 0.005 && Math.abs(m.std - Math.sqrt(1 / 12)) < 0.005);
  const z = moments(Array.from({ length: 100_000 }, () => r.normal()));
  assert.ok(Math.abs(z.mean) < 0.02 && Math.abs(z.std - 1) < 0.02);
});
