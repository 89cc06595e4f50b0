import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTstr, meanFigures, type TstrInput } from '../../src/eval/tstr.js';
import type { ClassifierSpec } from '../../src/eval/types.js';
import { blobs } from './blobs.js';

function input(k: 2 | 3, overrides: Partial<TstrInput> = {}): TstrInput {
  const train = blobs(120, k, 11), test = blobs(90, k, 12);
  return { trainX: train.X, trainY: train.y, testX: test.X, testY: test.y, d: train.d, k, ...overrides };
}

const broken: ClassifierSpec = {
  name: 'Broken',
  scoreKind: 'probability',
  create: () => ({ fit() { throw new Error('cannot fit this'); }, predictScores: () => new Float64Array(0) }),
};

describe('evaluateTstr', () => {
  it('reports every figure for a binary task and averages them', () => {
    const r = evaluateTstr(input(2, { classifiers: ['LogReg', 'DecisionTree', 'LDA'] }));
    assert.equal(r.task, 'binary');
    assert.deepEqual(r.perClassifier.map((c) => c.name), ['LogReg', 'DecisionTree', 'LDA']);
    for (const c of r.perClassifier) {
      assert.equal(c.error, undefined);
      for (const v of [c.rocAuc, c.rocAucHard, c.prAuc, c.prAucHard, c.accuracy, c.f1Macro, c.f1Weighted]) assert.ok(v > 0.9 && v <= 1, `${c.name}: ${v}`);
      assert.ok(c.seconds >= 0);
    }
    const mean = r.perClassifier.reduce((s, c) => s + c.rocAuc, 0) / 3;
    assert.ok(Math.abs(r.mean.rocAuc - mean) < 1e-12);
    assert.equal(r.used.rocAuc, 3);
  });

  it('is reproducible for a seed', () => {
    const a = evaluateTstr(input(2, { classifiers: ['RandomForest', 'MLP'], seed: 5 }));
    const b = evaluateTstr(input(2, { classifiers: ['RandomForest', 'MLP'], seed: 5 }));
    assert.deepEqual(a.perClassifier.map((c) => c.rocAuc), b.perClassifier.map((c) => c.rocAuc));
  });

  it('gives NaN figures with a reason for a failing classifier, and the means skip it', () => {
    const r = evaluateTstr(input(2, { classifiers: ['LogReg', broken] }));
    const bad = r.perClassifier[1]!;
    assert.match(bad.error ?? '', /cannot fit this/);
    assert.ok(Number.isNaN(bad.rocAuc) && Number.isNaN(bad.accuracy));
    assert.equal(r.used.rocAuc, 1);
    assert.equal(r.mean.rocAuc, r.perClassifier[0]!.rocAuc);
  });

  it('does not crash on a single-class training set', () => {
    const base = input(2);
    const r = evaluateTstr({ ...base, trainY: new Int32Array(base.trainY.length) });
    assert.equal(r.perClassifier.length, 12);
    for (const c of r.perClassifier) {
      assert.match(c.error ?? '', /single class/);
      assert.ok(Number.isNaN(c.rocAuc));
    }
    assert.equal(r.used.rocAuc, 0);
    assert.ok(Number.isNaN(r.mean.rocAuc));
  });

  it('handles a class missing from the training set (k = 3)', () => {
    const base = input(3);
    const keep = [...base.trainY].map((c, i) => (c === 2 ? -1 : i)).filter((i) => i >= 0);
    const d = base.d;
    const trainX = new Float32Array(keep.length * d);
    keep.forEach((row, i) => trainX.set(base.trainX.subarray(row * d, row * d + d), i * d));
    const trainY = Int32Array.from(keep, (row) => base.trainY[row]!);
    const r = evaluateTstr({ ...base, trainX, trainY, classifiers: ['LogReg', 'LinearSVM', 'GaussianNB'] });
    assert.equal(r.task, 'multiclass');
    for (const c of r.perClassifier) {
      assert.equal(c.error, undefined);
      // class 2 is never predicted: at most two thirds right
      assert.ok(c.accuracy > 0.5 && c.accuracy <= 2 / 3 + 1e-9, `${c.name}: ${c.accuracy}`);
      assert.ok(Number.isFinite(c.rocAuc) && Number.isFinite(c.f1Weighted));
    }
  });

  it('reports one-vs-rest ROC and F1 for a multi-class task', () => {
    const r = evaluateTstr(input(3, { classifiers: ['LogReg', 'GBM'] }));
    for (const c of r.perClassifier) {
      assert.ok(c.rocAuc > 0.95 && c.f1Macro > 0.9 && c.f1Weighted > 0.9, `${c.name}`);
    }
  });

  it('names bad input in one sentence (UserError)', () => {
    const base = input(2);
    assert.throws(() => evaluateTstr({ ...base, d: base.d + 1 }), { name: 'UserError', message: /expected 120 rows × 9 features/ });
    const withNaN = Float32Array.from(base.testX);
    withNaN[5] = NaN;
    assert.throws(() => evaluateTstr({ ...base, testX: withNaN }), { name: 'UserError', message: /test matrix holds NaN at row 0, column 5/ });
    assert.throws(() => evaluateTstr({ ...base, trainY: base.trainY.map(() => 2) }), { name: 'UserError', message: /training label 2 at row 0 is outside 0..1/ });
    assert.throws(() => evaluateTstr({ ...base, classifiers: ['XGBoost' as never] }), { name: 'UserError', message: /Unknown classifier "XGBoost"/ });
    assert.throws(() => evaluateTstr({ ...base, k: 1 }), { name: 'UserError' });
  });
});

describe('meanFigures', () => {
  it('skips NaN per figure and counts what it used', () => {
    const f = (v: number) => ({ rocAuc: v, rocAucHard: NaN, prAuc: v, prAucHard: v, accuracy: v, f1Macro: v, f1Weighted: v });
    const { mean, used } = meanFigures([f(0.5), f(NaN), f(0.7)]);
    assert.ok(Math.abs(mean.rocAuc - 0.6) < 1e-12);
    assert.equal(used.rocAuc, 2);
    assert.ok(Number.isNaN(mean.rocAucHard));
    assert.equal(used.rocAucHard, 0);
  });
});
