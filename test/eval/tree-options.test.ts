// The tree options the image protocol uses: direct node sums, a per-tree feature subset, balanced
// class weights, fewer bootstrap draws, and per-stage row subsampling.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { bagging } from '../../src/eval/classifiers/bagging.js';
import { decisionTree } from '../../src/eval/classifiers/decision-tree.js';
import { gradientBoosting } from '../../src/eval/classifiers/gradient-boosting.js';
import { histGradientBoosting } from '../../src/eval/classifiers/hist-gradient-boosting.js';
import { randomForest } from '../../src/eval/classifiers/random-forest.js';
import { argmaxRows } from '../../src/eval/metrics.js';
import { createTrainingSet } from '../../src/eval/training-set.js';
import { balancedWeights, bootstrapWeights, fitClassTree } from '../../src/eval/trees/class-tree.js';
import { growTree } from '../../src/eval/trees/grow.js';
import type { ClassifierSpec } from '../../src/eval/types.js';
import { blobs } from './blobs.js';
import { barImages, SIDE } from './image-fixtures.js';

function imageSet(n: number, seed: number) {
  const { pixels, labels } = barImages(n, seed);
  return createTrainingSet(Float32Array.from(pixels, (v) => v / 255), n, SIDE * SIDE, labels, 4);
}

function testAccuracy(spec: ClassifierSpec, seed = 0): number {
  const train = blobs(300, 3, 1), test = blobs(300, 3, 2);
  const model = spec.create();
  model.fit(createTrainingSet(train.X, train.n, train.d, train.y, 3), createRng(seed));
  const pred = argmaxRows(model.predictScores(test.X, test.n), test.n, 3);
  let hit = 0;
  for (let i = 0; i < test.n; i++) if (pred[i] === test.y[i]) hit++;
  return hit / test.n;
}

describe('direct node sums', () => {
  it('grow the same class trees as full histograms (exact sums of whole-number weights)', () => {
    const set = imageSet(400, 1);
    for (const [maxFeatures, weights] of [[100, null], [10, bootstrapWeights(400, createRng(9))], [100, balancedWeights(set.y, 4)]] as const) {
      const a = fitClassTree(set.binned(), set.y, 4, weights, { maxFeatures, directNodes: false }, createRng(5));
      const b = fitClassTree(set.binned(), set.y, 4, weights, { maxFeatures, directNodes: true }, createRng(5));
      assert.deepEqual(b.feature, a.feature, `maxFeatures ${maxFeatures}`);
      assert.deepEqual(b.threshold, a.threshold);
      assert.deepEqual(b.value, a.value);
    }
  });

  it('give boosted models of the same quality', () => {
    for (const make of [(direct: boolean) => gradientBoosting({ nEstimators: 20, directNodes: direct }), (direct: boolean) => histGradientBoosting({ nEstimators: 20, directNodes: direct })]) {
      const [a, b] = [testAccuracy(make(false)), testAccuracy(make(true))];
      assert.ok(a >= 0.95 && b >= 0.95 && Math.abs(a - b) <= 0.02, `hist ${a}, direct ${b}`);
    }
  });
});

describe('a per-tree feature subset (colsample_bytree)', () => {
  it('only splits on the allowed features', () => {
    const set = imageSet(300, 2);
    const features = Int32Array.of(3, 17, 42, 44, 45, 54, 55, 90);
    const stats = new Float64Array(300 * 2);
    for (let i = 0; i < 300; i++) { stats[2 * i] = set.y[i] === 1 ? -1 : 1; stats[2 * i + 1] = 1; }
    for (const directNodes of [false, true]) {
      const tree = growTree(set.binned(), stats, Int32Array.from({ length: 300 }, (_, i) => i), {
        criterion: { kind: 'newton', lambda: 1, minChildWeight: 1 }, nStats: 2, maxDepth: 4, maxFeatures: 100, nOut: 1,
        features, directNodes, leafValue(total, out) { out[0] = -total[0]! / (total[1]! + 1); },
      }, createRng(1));
      const used = [...tree.feature].filter((f) => f >= 0);
      assert.ok(used.length > 0);
      assert.ok(used.every((f) => features.includes(f)), `split on ${used}`);
    }
  });

  it('leaves HistGB accurate and rejects fractions outside (0, 1]', () => {
    assert.ok(testAccuracy(histGradientBoosting({ nEstimators: 30, colsampleByTree: 0.5 })) >= 0.95);
    assert.throws(() => histGradientBoosting({ colsampleByTree: 0 }).create().fit(createTrainingSet(new Float32Array(4), 2, 2, Int32Array.of(0, 1), 2), createRng(0)), RangeError);
  });
});

describe('class weights, bootstrap draws and row subsampling', () => {
  it('balanced weights give every class the same total weight', () => {
    const y = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2);
    const w = balancedWeights(y, 3);
    const total = [0, 0, 0];
    y.forEach((c, i) => { total[c]! += w[i]!; });
    total.forEach((t) => assert.ok(Math.abs(t - 4) < 1e-12, `${total}`));
  });

  it('bootstrapWeights makes `draws` draws', () => {
    const w = bootstrapWeights(1000, createRng(3), 100);
    assert.equal(w.reduce((a, b) => a + b, 0), 100);
    assert.ok(w.filter((v) => v > 0).length > 90);
  });

  it('the image protocol\'s settings still fit the blobs', () => {
    for (const spec of [
      decisionTree({ classWeight: 'balanced' }), randomForest({ nEstimators: 20, classWeight: 'balanced' }),
      bagging({ nEstimators: 20, maxSamples: 0.1 }), gradientBoosting({ nEstimators: 30, subsample: 0.1 }),
    ]) assert.ok(testAccuracy(spec) >= 0.9, spec.name);
  });

  it('GBM\'s subsample changes the model and is reproducible', () => {
    const a = testAccuracy(gradientBoosting({ nEstimators: 10, subsample: 0.05 }), 1);
    assert.equal(testAccuracy(gradientBoosting({ nEstimators: 10, subsample: 0.05 }), 1), a);
    assert.throws(() => gradientBoosting({ subsample: 1.5 }).create().fit(createTrainingSet(new Float32Array(4), 2, 2, Int32Array.of(0, 1), 2), createRng(0)), RangeError);
  });
});
