import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { secureUniform } from '../../src/engine/random/secure-uniform.js';
import { normalCdf } from '../../src/privacy/index.js';
import { categoryThreshold, gaussianTailQuantile, releaseThresholdedCategories } from '../../src/estimate/categories.js';
import { addFormatValue, decideFormat, FORMAT_CELLS, formatSensitivity } from '../../src/estimate/column-format.js';
import { sampleExponentialMechanism } from '../../src/estimate/exponential-mechanism.js';
import { addToGridHistogram, createGridHistogram, gridIndex, QUANTILE_GRID } from '../../src/estimate/grid.js';
import { dpQuantile, quantileUtilities } from '../../src/estimate/quantile.js';

afterEach(() => UNSAFE_seedPrivacyNoiseForTesting(null));

describe('secureUniform', () => {
  it('draws in [0, 1) with mean 1/2, reproducibly only while seeded', () => {
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = secureUniform();
      assert.ok(u >= 0 && u < 1);
      sum += u;
    }
    // Standard error of the mean of 20,000 uniforms: 0.29/√20000 ≈ 0.002.
    assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
    UNSAFE_seedPrivacyNoiseForTesting(5);
    const a = [secureUniform(), secureUniform()];
    UNSAFE_seedPrivacyNoiseForTesting(5);
    assert.deepEqual([secureUniform(), secureUniform()], a);
    UNSAFE_seedPrivacyNoiseForTesting(null);
    assert.notDeepEqual([secureUniform(), secureUniform()], a);
  });
});

describe('quantile grid and utility', () => {
  it('is 0, ±2^(k/32) for 2^-20 … 2^40 and the integers up to ±64, ascending, with exact bin lookup', () => {
    // 1921 powers per sign; the integers 1 … 64 add 64 − 7 (1, 2, 4, …, 64 are powers of 2).
    assert.equal(QUANTILE_GRID.length, 2 * (1921 + 57) + 1);
    const zero = QUANTILE_GRID.indexOf(0);
    assert.equal(zero, 1921 + 57);
    assert.equal(QUANTILE_GRID[zero + 1], 2 ** -20);
    for (let i = -64; i <= 64; i++) assert.ok(QUANTILE_GRID.includes(i), `integer ${i}`);
    assert.equal(QUANTILE_GRID[QUANTILE_GRID.length - 1], 2 ** 40);
    assert.equal(QUANTILE_GRID[0], -(2 ** 40));
    for (let j = 1; j < QUANTILE_GRID.length; j++) assert.ok(QUANTILE_GRID[j - 1]! < QUANTILE_GRID[j]!);
    assert.equal(QUANTILE_GRID[gridIndex(17)], 17);
    assert.ok(QUANTILE_GRID[gridIndex(70.5)]! >= 70.5 && QUANTILE_GRID[gridIndex(70.5) - 1]! < 70.5);
    assert.equal(gridIndex(2 ** 41), QUANTILE_GRID.length);
    assert.equal(gridIndex(-(2 ** 41)), 0);
  });

  it('scores every q-quantile 0 and others by their rank distance, atoms included', () => {
    const h = createGridHistogram();
    // 100 values: forty 8s (8 is a grid point: an atom on the grid), and 10, 11, …, 69.
    for (let i = 0; i < 40; i++) addToGridHistogram(h, 8);
    for (let v = 10; v < 70; v++) addToGridHistogram(h, v);
    assert.equal(h.count, 100);
    const u = quantileUtilities(h, 0.2); // q·n = 20, inside the atom at 8
    const at = (x: number): number => u[gridIndex(x)]!;
    assert.equal(at(8), 0, 'the atom is the 0.2-quantile');
    assert.equal(at(7.5), -20, 'below the atom: 0 values ≤ t, 20 short');
    assert.equal(at(-5), -20);
    assert.equal(at(9), -20, 'above the atom: 40 values < t, 20 too many');
    const u2 = quantileUtilities(h, 0.5); // q·n = 50: between 19 and 20
    assert.equal(u2[gridIndex(19.5)], 0);
    const t = QUANTILE_GRID[gridIndex(30)]!; // 30 < t < 31: 61 values < t
    assert.equal(u2[gridIndex(30)], -(40 + (Math.ceil(t) - 10) - 50));
  });

  it('changes by at most 1 when one value is replaced, moved to missing or back', () => {
    const base = [3, 3, 3, 5.5, 7, 7, 12, 100, -4, 0.25];
    const build = (values: number[]) => {
      const h = createGridHistogram();
      values.forEach((v) => addToGridHistogram(h, v));
      return h;
    };
    for (const q of [0.005, 0.3, 0.5, 0.995]) {
      const u = quantileUtilities(build(base), q);
      const neighbours = [
        base.map((v, i) => (i === 0 ? 1e6 : v)), // replaced
        base.map((v, i) => (i === 7 ? 3 : v)),
        base.slice(1), // a number became missing
        [...base, 2 ** 60], // a missing value became a number
      ];
      for (const other of neighbours) {
        const v = quantileUtilities(build(other), q);
        let worst = 0;
        for (let j = 0; j < u.length; j++) worst = Math.max(worst, Math.abs(u[j]! - v[j]!));
        assert.ok(worst <= 1 + 1e-12, `q = ${q}: utility moved by ${worst}`);
      }
    }
  });
});

describe('exponential mechanism', () => {
  it('samples in proportion to exp(ε·u/2)', () => {
    UNSAFE_seedPrivacyNoiseForTesting(11);
    const utilities = [0, -1, -2, -4, -8];
    const epsilon = 1;
    const weights = utilities.map((u) => Math.exp((epsilon * u) / 2));
    const total = weights.reduce((a, b) => a + b, 0);
    const draws = 40000;
    const counts = new Array(utilities.length).fill(0);
    for (let i = 0; i < draws; i++) counts[sampleExponentialMechanism(utilities, epsilon)]++;
    counts.forEach((c, j) => {
      const p = weights[j]! / total;
      const se = Math.sqrt((p * (1 - p)) / draws);
      assert.ok(Math.abs(c / draws - p) < 5 * se + 1e-4, `candidate ${j}: ${c / draws} vs ${p}`);
    });
  });

  it('dpQuantile lands near the quantile with a large ε', () => {
    UNSAFE_seedPrivacyNoiseForTesting(12);
    const h = createGridHistogram();
    for (let v = 1; v <= 1000; v++) addToGridHistogram(h, v);
    const x = dpQuantile(h, 0.5, 2);
    assert.ok(x > 440 && x < 560, `median estimate ${x}`);
  });
});

describe('column format cells', () => {
  const cellsOf = (value: string | null): number[] => {
    const cells = new Float64Array(FORMAT_CELLS);
    addFormatValue(cells, 0, value);
    return [...cells];
  };

  it('puts each value in its cells', () => {
    assert.deepEqual(cellsOf(null), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(cellsOf('abc'), [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(cellsOf('17'), [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(cellsOf('17.0'), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(cellsOf('-2.25'), [0, 1, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual(cellsOf('0.12345678'), [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('has squared replace-one sensitivity 3 per column (brute force over value kinds)', () => {
    const kinds = [null, 'x', '4', '4.0', '4.5', '4.25', '1e-9', '1e5', '-0.125', '3.1415926'];
    let worst = 0;
    for (const a of kinds) {
      for (const b of kinds) {
        const d = cellsOf(a).reduce((s, v, i) => s + (v - cellsOf(b)[i]!) ** 2, 0);
        worst = Math.max(worst, d);
      }
    }
    assert.equal(worst, 3);
    assert.equal(formatSensitivity(5), Math.sqrt(15));
    assert.equal(formatSensitivity(0), 1);
  });

  it('decides types, decimals and missingness from (here exact) counts', () => {
    const decide = (values: (string | null)[]) => {
      const cells = new Float64Array(FORMAT_CELLS);
      values.forEach((v) => addFormatValue(cells, 0, v));
      return decideFormat(cells, 0, values.length, 1);
    };
    const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
    assert.equal(decide(many(1000, (i) => String(i))).type, 'integer');
    const money = decide(many(1000, (i) => (i / 4).toFixed(2)));
    assert.equal(money.type, 'numeric');
    assert.equal(money.decimals, 2);
    assert.equal(decide(many(1000, (i) => `c${i % 7}`)).type, 'categorical');
    // 1% junk and 10% missing: still integer; 10% junk: categorical.
    const junk = decide(many(1000, (i) => (i % 100 === 0 ? 'n/a' : i % 10 === 5 ? null : String(i))));
    assert.equal(junk.type, 'integer');
    assert.ok(Math.abs(junk.missingFraction - 0.1) < 1e-9);
    assert.equal(decide(many(1000, (i) => (i % 10 === 0 ? 'n/a' : String(i)))).type, 'categorical');
    // 99.5% of numbers with ≤ 1 decimal: 1 decimal covers 99%.
    assert.equal(decide(many(1000, (i) => (i < 5 ? '0.123' : (i / 10).toFixed(1)))).decimals, 1);
    assert.equal(decide(many(100, () => null)).type, 'categorical', 'an all-missing column is not numeric');
  });
});

describe('thresholded categories', () => {
  it('thresholds at 1 + z·std with Φ(−z) = δ', () => {
    const z = gaussianTailQuantile(1e-8);
    assert.ok(Math.abs(normalCdf(-z) / 1e-8 - 1) < 1e-6);
    assert.ok(Math.abs(z - 5.612) < 1e-3);
    assert.equal(categoryThreshold(10, 1e-8), 1 + 10 * z);
  });

  it('adds noise of the given std to every count and keeps the sorted categories above τ', () => {
    UNSAFE_seedPrivacyNoiseForTesting(13);
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) counts.set(`k${i}`, 50);
    const std = 3;
    const [all] = releaseThresholdedCategories([counts], std, -Infinity);
    const noise = all!.noisyCounts.map((c) => c - 50);
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    const sd = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / (noise.length - 1));
    // Standard error of a sample std over 4000 draws: std/√8000 ≈ 1.1%.
    assert.ok(Math.abs(sd / std - 1) < 0.05, `sample std ${sd} vs ${std}`);
    assert.deepEqual(all!.categories, [...counts.keys()].sort());
    const [kept] = releaseThresholdedCategories([new Map([['b', 1000], ['a', 900], ['once', 1]])], 1, 20);
    assert.deepEqual(kept!.categories, ['a', 'b']);
  });
});
