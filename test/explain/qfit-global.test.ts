import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine } from '../../src/engine/index.js';
import { makeSynthetic, type SyntheticData } from '../../src/explain/synthetic.js';
import { trainTableClassifier, type TableClassifier } from '../../src/explain/classifier.js';
import { qfitGlobal, type GlobalImportance, type QfitOptions } from '../../src/explain/qfit.js';
import { scoreExplanation } from '../../src/explain/metrics.js';
import type { FrozenClassifier } from '../../src/explain/types.js';

// Small runs (2,000 rows, a 30-epoch classifier, 5 Q-FIT epochs) so the file takes seconds.
const N = 2000;
let xor: SyntheticData, orange: SyntheticData;
let xorClf: TableClassifier, orangeClf: TableClassifier;

before(async () => {
  await initEngine();
  xor = makeSynthetic('xor', N, 1);
  orange = makeSynthetic('orangeSkin', N, 1);
  xorClf = await trainTableClassifier({ data: xor, epochs: 30, batchSize: 100, learningRate: 3e-3, seed: 3 });
  orangeClf = await trainTableClassifier({ data: orange, epochs: 30, batchSize: 100, learningRate: 3e-3, seed: 3 });
});

function options(classifier: FrozenClassifier, data: SyntheticData, extra: Partial<QfitOptions> = {}): QfitOptions {
  return { classifier, data, epochs: 5, batchSize: 200, learningRate: 0.05, samples: 8, seed: 4, ...extra };
}

function topSet(g: GlobalImportance, k: number): number[] {
  return [...g.ranking.subarray(0, k)].sort((a, b) => a - b);
}

function report(name: string, g: GlobalImportance, truth: SyntheticData): void {
  const s = scoreExplanation(g.importance, truth.truth, truth.featureCount);
  console.log(`# ${name}: ranking ${[...g.ranking].join(',')}, importance ${[...g.importance].map((v) => v.toFixed(3)).join(' ')}; TPR ${s.truePositiveRate} FDR ${s.falseDiscoveryRate} MCC ${s.mcc} median rank ${s.medianRank}`);
}

test('the frozen classifiers (the card MLP without BatchNorm, Adam) fit XOR and orange skin', () => {
  const xorTest = makeSynthetic('xor', 1000, 2), orangeTest = makeSynthetic('orangeSkin', 1000, 2);
  const acc = [xorClf.accuracy(xor), xorClf.accuracy(xorTest), orangeClf.accuracy(orange), orangeClf.accuracy(orangeTest)];
  console.log(`# classifier accuracy: xor train ${acc[0]} test ${acc[1]}; orange skin train ${acc[2]} test ${acc[3]}`);
  assert.ok(acc[0]! > 0.97 && acc[2]! > 0.97, `train accuracy ${acc}`);
  assert.ok(acc[1]! > 0.9 && acc[3]! > 0.9, `test accuracy ${acc}`);
});

test('global Q-FIT with Dirichlet samples ranks {x₁, x₂} on top for XOR and {x₁…x₄} for orange skin', async () => {
  for (const [name, clf, data, k] of [['xor', xorClf, xor, 2], ['orange skin', orangeClf, orange, 4]] as const) {
    const g = await qfitGlobal(options(clf.classify, data));
    report(`${name} (samples)`, g, makeSynthetic(data.name, 500, 9));
    assert.deepEqual(topSet(g, k), data.relevant, `${name}: ranking ${g.ranking}`);
    assert.equal(scoreExplanation(g.importance, makeSynthetic(data.name, 500, 9).truth, 11).mcc, 1);
    // The readouts: a distribution with the card's variances.
    assert.ok(Math.abs(g.importance.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    const total = g.phi.reduce((a, b) => a + b, 0);
    g.importance.forEach((p, j) => assert.ok(Math.abs(g.variance[j]! - (p * (1 - p)) / (total + 1)) < 1e-15));
    g.phi.forEach((v, j) => assert.ok(Math.abs(v - Math.log1p(Math.exp(g.theta[j]!))) < 1e-12));
    assert.equal(g.lossPerEpoch.length, 5);
    assert.ok(g.lossPerEpoch[4]! < g.lossPerEpoch[0]!, `loss ${g.lossPerEpoch}`);
  }
});

test('point-estimate mode (s = φ/Σφ) finds the same relevant features', async () => {
  for (const [name, clf, data, k] of [['xor', xorClf, xor, 2], ['orange skin', orangeClf, orange, 4]] as const) {
    const g = await qfitGlobal(options(clf.classify, data, { estimator: 'point' }));
    report(`${name} (point)`, g, makeSynthetic(data.name, 500, 9));
    assert.deepEqual(topSet(g, k), data.relevant, `${name}: ranking ${g.ranking}`);
  }
});

test('reproducible with a seed; the classifier is left unchanged', async () => {
  const before = xorClf.model.params.map((p) => Float32Array.from(p.dataSync()));
  const small = { epochs: 1 };
  const tensors = tf.memory().numTensors;
  const a = await qfitGlobal(options(xorClf.classify, xor, small));
  assert.equal(tf.memory().numTensors, tensors, 'a run leaves no tensors behind');
  const b = await qfitGlobal(options(xorClf.classify, xor, small));
  const c = await qfitGlobal(options(xorClf.classify, xor, { ...small, seed: 5 }));
  assert.deepEqual(a.theta, b.theta);
  assert.deepEqual(a.lossPerEpoch, b.lossPerEpoch);
  assert.notDeepEqual(a.theta, c.theta);
  xorClf.model.params.forEach((p, i) => assert.deepEqual(p.dataSync(), before[i]));
});

test('a caller-made single-logit classifier: f(x) = −4·x₁·x₂ as the logit of y = 1', async () => {
  // Any function of the rows can be explained; this one is XOR's Bayes classifier by hand.
  const classifier: FrozenClassifier = (x) => tf.tidy(() => {
    const [x1, x2] = tf.split(tf.slice(x, [0, 0], [-1, 2]), 2, 1);
    return tf.mul(tf.mul(x1!, x2!), -4) as tf.Tensor2D;
  });
  const g = await qfitGlobal(options(classifier, xor, { epochs: 3 }));
  report('xor, hand-made single logit', g, xor);
  assert.deepEqual(topSet(g, 2), [0, 1]);
});

test('progress after every step; an abort stops the run with its reason', async () => {
  const seen: [number, number][] = [];
  await qfitGlobal(options(xorClf.classify, xor, { epochs: 2, estimator: 'point', onProgress: (d, t) => seen.push([d, t]) }));
  assert.equal(seen.length, 20);
  assert.deepEqual(seen.at(-1), [20, 20]);
  const controller = new AbortController();
  let steps = 0;
  await assert.rejects(qfitGlobal(options(xorClf.classify, xor, {
    signal: controller.signal,
    onProgress: () => { if (++steps === 3) controller.abort(new Error('stop here')); },
  })), /stop here/);
  assert.equal(steps, 3);
});

test('bad options and data are refused with one sentence', async () => {
  const base = options(xorClf.classify, xor);
  await assert.rejects(qfitGlobal({ ...base, samples: 0 }), /samples must be a whole number/);
  await assert.rejects(qfitGlobal({ ...base, prior: -1 }), /prior/);
  await assert.rejects(qfitGlobal({ ...base, klWeight: -1 }), /klWeight/);
  await assert.rejects(qfitGlobal({ ...base, data: { ...xor, featureCount: 10 } }), /feature values for 2000 labels/);
});
