import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  falseDiscoveryRate, medianRank, rankFeatures, relevantCounts, scoreExplanation, selectionMcc, topKSelection, truePositiveRate,
} from '../../src/explain/metrics.js';

// Two rows, four features.
const IMPORTANCE = [0.4, 0.3, 0.2, 0.1, /* row 2 */ 0.1, 0.2, 0.3, 0.4];
const TRUTH = [1, 1, 0, 0, /* row 2 */ 1, 0, 0, 1];

test('rankings: descending importance, ties by the lower index', () => {
  assert.deepEqual([...rankFeatures(IMPORTANCE, 4)], [0, 1, 2, 3, 3, 2, 1, 0]);
  assert.deepEqual([...rankFeatures([0.2, 0.5, 0.2, 0.5, 0], 5)], [1, 3, 0, 2, 4]);
  assert.deepEqual([...rankFeatures([1, 1, 1], 3)], [0, 1, 2]);
  assert.throws(() => rankFeatures([1, 2, 3], 2), /whole number of rows/);
});

test('top-k selection, TPR, FDR, MCC and median rank on a hand-computed case', () => {
  const selected = topKSelection(IMPORTANCE, 4, 2);
  assert.deepEqual([...selected], [1, 1, 0, 0, 0, 0, 1, 1]);
  // Row 1: 2 of 2 found; row 2: feature 3 of {0, 3}.
  assert.equal(truePositiveRate(selected, TRUTH, 4), 0.75);
  // Row 1: no false discovery; row 2: feature 2 of 2 selected.
  assert.equal(falseDiscoveryRate(selected, TRUTH, 4), 0.25);
  // Flattened: tp 3, fp 1, fn 1, tn 3 → (9 − 1)/√(4·4·4·4) = 0.5.
  assert.equal(selectionMcc(selected, TRUTH), 0.5);
  // Ranks of relevant features: row 1 → 1, 2; row 2 → feature 3 first (1), feature 0 last (4). Median of [1, 1, 2, 4].
  assert.equal(medianRank(IMPORTANCE, TRUTH, 4), 1.5);
  assert.deepEqual(scoreExplanation(IMPORTANCE, TRUTH, 4, 2), { truePositiveRate: 0.75, falseDiscoveryRate: 0.25, mcc: 0.5, medianRank: 1.5 });
});

test('per-row k defaults to the ground-truth size; a global importance stands for every row', () => {
  const truth = [1, 1, 0, 0, 0, /* row 2 */ 1, 1, 1, 0, 0];
  assert.deepEqual([...relevantCounts(truth, 5)], [2, 3]);
  const global = [0.5, 0.3, 0.1, 0.06, 0.04]; // ranks 0, 1, 2, 3, 4
  const s = scoreExplanation(global, truth, 5);
  // Row 1 selects {0, 1}: exact. Row 2 selects {0, 1, 2}: finds 0, 1 of {0, 1, 2}… exactly.
  assert.equal(s.truePositiveRate, 1);
  assert.equal(s.falseDiscoveryRate, 0);
  assert.equal(s.mcc, 1);
  assert.equal(s.medianRank, 2); // ranks [1, 2, 1, 2, 3]
  // A fixed k = 1: row 1 TPR 1/2, row 2 TPR 1/3; FDR 0; flattened tp 2, fp 0, fn 3, tn 5.
  const k1 = scoreExplanation(global, truth, 5, 1);
  assert.ok(Math.abs(k1.truePositiveRate - (1 / 2 + 1 / 3) / 2) < 1e-15);
  assert.equal(k1.falseDiscoveryRate, 0);
  assert.ok(Math.abs(k1.mcc - (2 * 5 - 0) / Math.sqrt(2 * 5 * 5 * 8)) < 1e-15);
  assert.deepEqual([...topKSelection([...global, ...global], 5, [0, 5])], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
});

test('MCC: 1 for a perfect selection, −1 for its complement, 0 when either side is constant', () => {
  const truth = [1, 0, 1, 0, 0, 1];
  assert.equal(selectionMcc(truth, truth), 1);
  assert.equal(selectionMcc(truth.map((t) => 1 - t), truth), -1);
  assert.equal(selectionMcc([0, 0, 0, 0, 0, 0], truth), 0);
  assert.equal(selectionMcc([1, 1, 1, 1, 1, 1], truth), 0);
  assert.throws(() => selectionMcc([1], truth), /selected entries/);
  assert.throws(() => topKSelection([1, 2], 2, 3), /k must be/);
  assert.throws(() => scoreExplanation([1, 2, 3], [1, 0], 2), /needs 2 \(global\) or 2/);
});
