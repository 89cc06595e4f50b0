import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { makeSynthetic, probabilityOfOne, syntheticRelevant, syntheticScore, SYNTHETIC_SETS, type SyntheticSetName } from '../../src/explain/synthetic.js';

const D = 11;

/** A point with the given leading values and zeros elsewhere. */
function point(...lead: number[]): number[] {
  return [...lead, ...new Array<number>(D - lead.length).fill(0)];
}

function fractionOfOnes(labels: Int32Array): number {
  return labels.reduce((a, b) => a + b, 0) / labels.length;
}

/** |p̂ − p| within 4 standard errors of a Bernoulli(p) mean over n rows. */
function assertRate(actual: number, p: number, n: number, what: string): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(actual - p) < 4 * se, `${what}: ${actual} vs ${p} (4 SE = ${4 * se})`);
}

test('P(y = 1): 0.5 for XOR and subtract, 1 − 3e⁻² = 0.59399415 for orange skin', () => {
  const n = 20000;
  assertRate(fractionOfOnes(makeSynthetic('xor', n, 1).labels), 0.5, n, 'xor');
  assertRate(fractionOfOnes(makeSynthetic('subtract', n, 2).labels), 0.5, n, 'subtract');
  assertRate(fractionOfOnes(makeSynthetic('orangeSkin', n, 3).labels), 1 - 3 * Math.exp(-2), n, 'orange skin');
  assert.ok(Math.abs(1 - 3 * Math.exp(-2) - 0.59399415) < 5e-9);
});

test('scores and argmax labels on hand-made points follow the card definitions', () => {
  const cases: [SyntheticSetName, number[], number][] = [
    ['xor', point(2, 3), 6],
    ['xor', point(1, -1), -1],
    ['subtract', point(1, 3), -2],
    ['subtract', point(3, 1), 2],
    ['orangeSkin', point(1, 1, 1, 1), 0],
    ['orangeSkin', point(1, 2, 0, 0, 9, 9), 1], // features 5+ do not count
    ['orangeSkin', point(0.5), 0.25 - 4],
    // −100·sin(0) + |0| + 0 + e⁰ − 2.4
    ['nonlinearAdditive', point(0, 0, 0, 0), -1.4],
    ['nonlinearAdditive', point(-5, -2, 1, 0), -100 * Math.sin(-1) + 2 + 1 + 1 - 2.4],
    ['nonlinearAdditive', point(5, 0, 0, 0), -100 * Math.sin(1) + 1 - 2.4],
  ];
  for (const [name, x, v] of cases) assert.ok(Math.abs(syntheticScore(name, x) - v) < 1e-12, `${name} at ${x.slice(0, 4)}: ${syntheticScore(name, x)} vs ${v}`);

  // Switch sets: x₁₁ < 0 picks the first block, x₁₁ ≥ 0 the second; −10·sin in block C.
  const x = [1, -2, 1, 1, 1, 0, 5, -1, 0.5, 0, -1];
  const vA = -2, vB = 3 - 4, vC = -10 * Math.sin(1) + 1 + 0.5 + 1 - 2.4;
  assert.equal(syntheticScore('syn4', x), vA);
  assert.equal(syntheticScore('syn5', x), vA);
  assert.equal(syntheticScore('syn6', x), vB);
  const y = [...x.slice(0, 10), 0]; // x₁₁ = 0 counts as ≥ 0
  assert.equal(syntheticScore('syn4', y), vB);
  assert.ok(Math.abs(syntheticScore('syn5', y) - vC) < 1e-12);
  assert.ok(Math.abs(syntheticScore('syn6', y) - vC) < 1e-12);
});

test('generated labels: y = 1 ⇔ v(x) < 0 for the basic sets (from the stored float32 rows)', () => {
  const defs: Record<string, (x: Float32Array) => number> = {
    xor: (x) => x[0]! * x[1]!,
    subtract: (x) => x[0]! - x[1]!,
    orangeSkin: (x) => x[0]! ** 2 + x[1]! ** 2 + x[2]! ** 2 + x[3]! ** 2 - 4,
    nonlinearAdditive: (x) => -100 * Math.sin(0.2 * x[0]!) + Math.abs(x[1]!) + x[2]! + Math.exp(-x[3]!) - 2.4,
  };
  for (const [name, v] of Object.entries(defs)) {
    const data = makeSynthetic(name as SyntheticSetName, 3000, 7);
    assert.equal(data.features.length, 3000 * D);
    for (let i = 0; i < 3000; i++) {
      assert.equal(data.labels[i], v(data.features.subarray(i * D, (i + 1) * D)) < 0 ? 1 : 0, `${name} row ${i}`);
    }
    const rel = name === 'xor' || name === 'subtract' ? [0, 1] : [0, 1, 2, 3];
    assert.deepEqual(data.relevant, rel);
    for (let i = 0; i < 3000; i++) for (let j = 0; j < D; j++) assert.equal(data.truth[i * D + j], rel.includes(j) ? 1 : 0);
  }
});

test('switch sets: ground truth follows the sign of x₁₁; labels are sampled with P(y = 1) = 1/(1 + e^v)', () => {
  const blocks = { syn4: [[0, 1], [2, 3, 4, 5]], syn5: [[0, 1], [6, 7, 8, 9]], syn6: [[2, 3, 4, 5], [6, 7, 8, 9]] } as const;
  for (const [name, [low, high]] of Object.entries(blocks)) {
    const n = 20000;
    const data = makeSynthetic(name as SyntheticSetName, n, 11);
    assert.equal(data.relevant, null);
    let expectedOnes = 0;
    let lowRows = 0;
    for (let i = 0; i < n; i++) {
      const row = data.features.subarray(i * D, (i + 1) * D);
      const want = [...(row[10]! < 0 ? low : high), 10];
      if (row[10]! < 0) lowRows++;
      for (let j = 0; j < D; j++) assert.equal(data.truth[i * D + j], want.includes(j) ? 1 : 0, `${name} row ${i} feature ${j}`);
      assert.deepEqual(syntheticRelevant(name as SyntheticSetName, row), want);
      expectedOnes += probabilityOfOne(syntheticScore(name as SyntheticSetName, row));
    }
    assertRate(lowRows / n, 0.5, n, `${name}: share of rows with x₁₁ < 0`);
    // Given the rows, Σy has mean Σp and variance ≤ n/4.
    const ones = data.labels.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(ones - expectedOnes) < 4 * Math.sqrt(n / 4), `${name}: ${ones} ones vs ${expectedOnes.toFixed(1)} expected`);
    // Sampled labels are noisy: some rows disagree with the argmax label.
    const argmax = makeSynthetic(name as SyntheticSetName, n, 11, { labels: 'argmax' });
    let disagree = 0;
    for (let i = 0; i < n; i++) if (data.labels[i] !== argmax.labels[i]) disagree++;
    assert.ok(disagree > n * 0.05, `${name}: ${disagree} sampled labels differ from argmax`);
  }
});

test('seeded: the same seed gives the same rows and labels; probabilityOfOne is stable', () => {
  for (const name of SYNTHETIC_SETS) {
    const a = makeSynthetic(name, 200, 5), b = makeSynthetic(name, 200, createRng(5));
    assert.deepEqual(a.features, b.features);
    assert.deepEqual(a.labels, b.labels);
    assert.notDeepEqual(makeSynthetic(name, 200, 6).features, a.features);
  }
  assert.equal(probabilityOfOne(0), 0.5);
  assert.equal(probabilityOfOne(1000), 0);
  assert.equal(probabilityOfOne(-1000), 1);
  assert.ok(Math.abs(probabilityOfOne(2) - 1 / (1 + Math.exp(2))) < 1e-16);
  assert.throws(() => makeSynthetic('xor', 0, 1), /whole number of rows/);
  assert.throws(() => makeSynthetic('nope' as SyntheticSetName, 5, 1), /Unknown synthetic set/);
});
