// Each classifier on an easy problem, then against scikit-learn's figures on the fixtures made by
// test/fixtures/eval/make_reference.py (sklearn 1.2.1 / xgboost 1.7.4, tstr.py's protocol).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { CLASSIFIER_NAMES, defaultClassifiers } from '../../src/eval/classifiers/registry.js';
import { argmaxRows } from '../../src/eval/metrics.js';
import { fitStandardizer } from '../../src/eval/standardize.js';
import { createTrainingSet } from '../../src/eval/training-set.js';
import { evaluateTstr, type ClassifierResult } from '../../src/eval/tstr.js';
import { blobs } from './blobs.js';
import { readJson, readSplit, type FixtureReference } from './fixtures.js';

const refs = readJson<Record<string, FixtureReference>>('classifiers-reference.json');

/** sklearn's name for our classifier (our MLP stops at 60 epochs, as the 'MLP60' reference). */
const skName = (name: string): string => (name === 'HistGB' ? 'XGBoost' : name === 'MLP' ? 'MLP60' : name);
const DETERMINISTIC = new Set(['LogReg', 'GaussianNB', 'BernoulliNB', 'LinearSVM', 'LDA', 'AdaBoost', 'GBM', 'HistGB']);

function run(fixture: string): { results: ClassifierResult[]; ref: FixtureReference } {
  const ref = refs[fixture]!;
  const split = readSplit(fixture, ref.train_rows);
  return { results: evaluateTstr({ ...split, k: ref.k, seed: 0 }).perClassifier, ref };
}

describe('every classifier on well separated blobs', () => {
  for (const k of [2, 3] as const) {
    it(`reaches at least 95% test accuracy with k = ${k}`, () => {
      const train = blobs(300, k, 1), test = blobs(300, k, 2);
      // z-scored like evaluateTstr does (BernoulliNB binarizes at 0, i.e. at the training mean)
      const scaler = fitStandardizer(train.X, train.n, train.d);
      const set = createTrainingSet(scaler.apply(train.X, train.n), train.n, train.d, train.y, k);
      const testX = scaler.apply(test.X, test.n);
      for (const spec of defaultClassifiers()) {
        const model = spec.create();
        model.fit(set, createRng(3));
        const scores = model.predictScores(testX, test.n);
        assert.equal(scores.length, test.n * k);
        const pred = argmaxRows(scores, test.n, k);
        let hit = 0;
        for (let i = 0; i < test.n; i++) if (pred[i] === test.y[i]) hit++;
        assert.ok(hit / test.n >= 0.95, `${spec.name}: accuracy ${hit / test.n}`);
        if (spec.scoreKind === 'probability') {
          for (let i = 0; i < test.n; i++) {
            let s = 0;
            for (let c = 0; c < k; c++) s += scores[i * k + c]!;
            assert.ok(Math.abs(s - 1) < 1e-9, `${spec.name}: probabilities of row ${i} sum to ${s}`);
          }
        }
      }
    });
  }
  it('lists the twelve in the papers\' order', () => {
    assert.deepEqual(defaultClassifiers().map((s) => s.name), [...CLASSIFIER_NAMES]);
  });
});

// On the coarse fixtures every feature has fewer distinct values than our 64 bins, so the binned
// trees see exactly sklearn's split candidates: deterministic models must agree closely.
for (const fixture of ['binary-2000-coarse.csv', 'multiclass-1200-coarse.csv']) {
  describe(`agreement with scikit-learn on ${fixture}`, () => {
    const { results, ref } = run(fixture);
    const tolerance: Record<string, number> = { LinearSVM: 0.003, AdaBoost: 0.003, GBM: 0.003, HistGB: 0.005 };
    for (const r of results) {
      const sk = ref.results[skName(r.name)]!;
      if (DETERMINISTIC.has(r.name)) {
        it(`${r.name}: ROC-AUC within ${tolerance[r.name] ?? 1e-4} of sklearn`, () => {
          const tol = tolerance[r.name] ?? 1e-4;
          assert.ok(Math.abs(r.rocAuc - sk.roc) <= tol, `ours ${r.rocAuc}, sklearn ${sk.roc}`);
          if (!tolerance[r.name]) assert.ok(Math.abs(r.accuracy - sk.acc) <= 1e-9, `accuracy ours ${r.accuracy}, sklearn ${sk.acc}`);
          if (ref.k > 2 && !tolerance[r.name]) assert.ok(Math.abs(r.f1Weighted - sk.f1_weighted!) <= 1e-9);
        });
      } else {
        it(`${r.name}: ROC-AUC within sklearn's range over five seeds ± 0.02`, () => {
          const lo = Math.min(...sk.roc_seeds) - 0.02, hi = Math.max(...sk.roc_seeds) + 0.02;
          assert.ok(r.rocAuc >= lo && r.rocAuc <= hi, `ours ${r.rocAuc}, sklearn seeds ${sk.roc_seeds.join(', ')}`);
        });
      }
    }
  });
}

// On the raw fixtures the numeric columns have hundreds of values, so binning changes the trees a
// little; figures must stay close to sklearn's.
for (const fixture of ['binary-2000.csv', 'multiclass-1200.csv']) {
  describe(`closeness to scikit-learn on ${fixture}`, () => {
    const { results, ref } = run(fixture);
    for (const r of results) {
      it(`${r.name}: ROC-AUC within sklearn's range over five seeds ± 0.03`, () => {
        const sk = ref.results[skName(r.name)]!;
        const lo = Math.min(...sk.roc_seeds) - 0.03, hi = Math.max(...sk.roc_seeds) + 0.03;
        assert.ok(r.rocAuc >= lo && r.rocAuc <= hi, `ours ${r.rocAuc}, sklearn seeds ${sk.roc_seeds.join(', ')}`);
      });
    }
  });
}
