import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { clipDocument, countNorm, type BagOfWords } from '../../src/bayes/lda/bag-of-words.js';
import { batchStatistics, expectedBeta, fitDocument } from '../../src/bayes/lda/estep.js';
import { addStatisticsNoise, initialLambda } from '../../src/bayes/lda/vips.js';
import { fitLda } from '../../src/bayes/lda/private-lda.js';

const K = 6, V = 50, C = 4;

function randomDoc(rng: ReturnType<typeof createRng>, words: number, maxCount: number): BagOfWords {
  const ids = new Set<number>();
  while (ids.size < words) ids.add(rng.int(V));
  const sorted = Int32Array.from(ids).sort();
  return { ids: sorted, counts: Float64Array.from(sorted, () => 1 + rng.int(maxCount)) };
}

function frobenius(a: Float64Array, b?: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - (b ? b[i]! : 0)) ** 2;
  return Math.sqrt(s);
}

/** A topic–word λ that is far from uniform, so φ is peaked and varied. */
function skewedLambda(seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from(initialLambda(K, V, rng), (x) => x * Math.exp(3 * rng.normal()));
}

test('lda sensitivity: every clipped document statistic has Frobenius norm <= C', () => {
  const rng = createRng(1);
  const expBeta = expectedBeta(skewedLambda(2), K, V);
  for (let i = 0; i < 200; i++) {
    const raw = randomDoc(rng, 1 + rng.int(V), i % 2 ? 3 : 400);
    const doc = clipDocument(raw, C);
    assert.ok(countNorm(doc) <= C * (1 + 1e-12));
    const { contribution } = fitDocument(doc, expBeta, K, V, { alpha: 1 / K });
    const norm = frobenius(contribution);
    assert.ok(norm <= C * (1 + 1e-12), `document ${i}: ‖n·φ‖_F = ${norm} > C = ${C}`);
    assert.ok(norm <= countNorm(doc) * (1 + 1e-12), 'and <= the document\'s own count norm');
  }
});

test('lda sensitivity: adding one document moves the pre-noise batch sum by <= C, replacing one by <= 2C (adversarial long documents)', () => {
  const rng = createRng(5);
  const expBeta = expectedBeta(skewedLambda(6), K, V);
  const docs = Array.from({ length: 60 }, () => clipDocument(randomDoc(rng, 1 + rng.int(20), 5), C));
  // Adversaries: every word of the vocabulary thousands of times, or one word a million times.
  const everyWord: BagOfWords = { ids: Int32Array.from({ length: V }, (_, w) => w), counts: new Float64Array(V).fill(5000) };
  const oneWord: BagOfWords = { ids: Int32Array.of(7), counts: Float64Array.of(1e6) };
  const batch = Array.from({ length: docs.length }, (_, i) => i);
  const base = batchStatistics(docs, batch, expBeta, K, V, { alpha: 1 / K });
  let worstAdd = 0, worstReplace = 0;
  for (const adversary of [everyWord, oneWord]) {
    const clipped = clipDocument(adversary, C);
    const added = batchStatistics([...docs, clipped], [...batch, docs.length], expBeta, K, V, { alpha: 1 / K });
    worstAdd = Math.max(worstAdd, frobenius(added, base));
    for (const victim of [0, 17, 42]) {
      const replaced = docs.slice();
      replaced[victim] = clipped;
      worstReplace = Math.max(worstReplace, frobenius(batchStatistics(replaced, batch, expBeta, K, V, { alpha: 1 / K }), base));
    }
  }
  assert.ok(worstAdd <= C * (1 + 1e-9), `add-one moved the sum by ${worstAdd} > C = ${C}`);
  assert.ok(worstAdd > 0.5 * C, `the adversary should use most of its budget (moved ${worstAdd})`);
  assert.ok(worstReplace <= 2 * C * (1 + 1e-9), `replace-one moved the sum by ${worstReplace} > 2C`);
});

test('lda noise: the std added to the statistics is σ·C (seeded noise, empirical std)', () => {
  UNSAFE_seedPrivacyNoiseForTesting(11);
  try {
    const sigma = 1.3, clip = 2.5, n = 200_000;
    const base = Float64Array.from({ length: n }, (_, i) => (i % 7) * 0.5);
    const noisy = addStatisticsNoise(Float64Array.from(base), sigma, clip);
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const d = noisy[i]! - base[i]!; s += d; s2 += d * d; }
    const mean = s / n, std = Math.sqrt(s2 / n - mean * mean);
    assert.ok(Math.abs(std / (sigma * clip) - 1) < 0.01, `empirical std ${std}, claimed ${sigma * clip}`);
    assert.ok(Math.abs(mean) < 4 * sigma * clip / Math.sqrt(n), `mean ${mean}`);
  } finally {
    UNSAFE_seedPrivacyNoiseForTesting(null);
  }
});

test('lda noise: the ledger records σ·C for the VIPS release and totals to the budget', async () => {
  UNSAFE_seedPrivacyNoiseForTesting(12);
  try {
    const docs = Array.from({ length: 300 }, (_, i) => `alpha beta gamma delta epsilon number${i % 3} word${i % 5}`);
    const r = await fitLda({ documents: docs, topics: 3, privacy: { epsilon: 2, delta: 1e-5 }, batchSize: 100, iterations: 5, maxDocNorm: 3, seed: 1, vocabulary: ['alpha', 'beta', 'gamma', 'delta', 'epsilon'] });
    const entry = r.ledger!.entries.find((e) => e.label.startsWith('VIPS'))!;
    assert.equal(entry.details!.noiseStd, r.noiseMultiplier * 3);
    assert.equal(entry.details!.sensitivity, 3);
    assert.equal(entry.noise, r.noiseMultiplier);
    assert.ok(r.noiseSeededForTesting);
    assert.ok(Math.abs(r.ledger!.spent.epsilon - 2) < 1e-3, `spent ${r.ledger!.spent.epsilon}`);
    assert.deepEqual(r.ledger!.entries.map((e) => e.label), ['training record count', 'VIPS topic–word statistics']); // public vocabulary: free
  } finally {
    UNSAFE_seedPrivacyNoiseForTesting(null);
  }
});
