import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initEngine, UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/index.js';
import { prefetchedNoise } from '../../src/engine/random/noise-prefetch.js';

before(() => initEngine());

function moments(x: Float32Array): { mean: number; variance: number } {
  let m = 0, v = 0;
  for (const e of x) m += e;
  m /= x.length;
  for (const e of x) v += (e - m) ** 2;
  return { mean: m, variance: v / x.length };
}

test('prefetched noise: fresh N(0, std²) draws on every request, never reused', () => {
  const n = 50_000, source = prefetchedNoise(n);
  try {
    const draws = [source.take(n, 2), source.take(n, 2), source.take(n, 2), source.take(n, 0.5)];
    for (let a = 0; a < draws.length; a++) {
      for (let b = a + 1; b < draws.length; b++) {
        let same = 0;
        for (let i = 0; i < n; i++) if (Math.abs(draws[a]![i]! / (a === 3 ? 0.5 : 2) - draws[b]![i]! / (b === 3 ? 0.5 : 2)) < 1e-7) same++;
        assert.ok(same < 5, `requests ${a} and ${b} share ${same} draws`);
      }
    }
    const { mean, variance } = moments(draws[0]!);
    assert.ok(Math.abs(mean) < 5 * 2 / Math.sqrt(n) && Math.abs(variance - 4) < 0.1, `mean ${mean}, variance ${variance}`);
    assert.ok(Math.abs(moments(draws[3]!).variance - 0.25) < 0.01);
    assert.equal(source.take(7, 1).length, 7); // other sizes are drawn in place
  } finally {
    source.close();
  }
});

test('seeded test noise bypasses the worker and stays reproducible', () => {
  const source = prefetchedNoise(100);
  try {
    UNSAFE_seedPrivacyNoiseForTesting(3);
    const a = source.take(100, 1);
    UNSAFE_seedPrivacyNoiseForTesting(3);
    assert.deepEqual(source.take(100, 1), a);
  } finally {
    UNSAFE_seedPrivacyNoiseForTesting(null);
    source.close();
  }
});
