import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareExplanations } from '../../src/explain/compare.js';
import { importanceFromPhi } from '../../src/explain/qfit.js';

test('compareExplanations: the closed-form Dirichlet KL (card values) and the L2 distance of the means', () => {
  const init = { phi: new Array<number>(11).fill(Math.LN2) };
  const prior = { phi: new Array<number>(11).fill(0.01) };
  const d = compareExplanations(init, prior);
  assert.ok(Math.abs(d.kl - 29.18024265812955) < 1e-9, `${d.kl}`);
  assert.ok(d.l2 < 1e-15); // same mean
  const a = compareExplanations({ phi: [1, 2, 3] }, { phi: [1, 1, 1] });
  assert.ok(Math.abs(a.kl - 0.5511973816621554) < 1e-12);
  assert.ok(a.reverseKl > 0 && a.reverseKl !== a.kl);
  assert.ok(Math.abs(a.l2 - Math.hypot(1 / 6 - 1 / 3, 0, 1 / 2 - 1 / 3)) < 1e-15);
  assert.equal(compareExplanations({ phi: [10, 10] }, { phi: [10, 10] }).kl, 0);
  assert.throws(() => compareExplanations({ phi: [1, 2] }, { phi: [1, 2, 3] }), /cannot be compared/);
});

test('importanceFromPhi: mean, card variances and ranking', () => {
  const r = importanceFromPhi([0.5, 1, 2]);
  [1 / 7, 2 / 7, 4 / 7].forEach((p, j) => assert.ok(Math.abs(r.importance[j]! - p) < 1e-15));
  assert.ok(Math.abs(r.variance[0]! - 0.027210884353741496) < 1e-15);
  assert.deepEqual([...r.ranking], [2, 1, 0]);
});
