import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accuracy, argmaxRows, averagePrecision, averagePrecisionOvr, f1Scores, rocAuc, rocAucOvr,
} from '../../src/eval/metrics.js';
import { readJson } from './fixtures.js';

interface BinaryCase {
  y: number[]; score: number[]; hard: number[];
  roc: number; ap: number; roc_hard: number; ap_hard: number; accuracy: number; f1_macro: number; f1_weighted: number;
}
interface MultiCase {
  k: number; y: number[]; proba: number[]; pred: number[];
  accuracy: number; f1_macro: number; f1_weighted: number; roc_ovr_macro: number; ap_ovr_macro: number;
}
const ref = readJson<{ binary: BinaryCase[]; multiclass: MultiCase }>('metrics-reference.json');
const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} differs from ${expected}`);

describe('rocAuc', () => {
  it('matches the sklearn documentation example', () => {
    close(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });
  it('gives tied scores half credit (averaged ranks)', () => {
    close(rocAuc([0, 1], [0.5, 0.5]), 0.5);
    close(rocAuc([0, 0, 1, 1], [0.2, 0.5, 0.5, 0.9]), (1 + 1 + 0.5 + 1) / 4);
  });
  it('is NaN when only one class is present', () => {
    assert.ok(Number.isNaN(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])));
  });
  it('of hard labels is the balanced accuracy', () => {
    const y = [1, 1, 1, 0, 0, 0, 0, 0];
    const pred = [1, 1, 0, 0, 0, 0, 1, 1];
    close(rocAuc(y, pred), (2 / 3 + 3 / 5) / 2);
  });
  it('matches sklearn on the fixture cases (ties included)', () => {
    for (const c of ref.binary) {
      close(rocAuc(c.y, c.score), c.roc);
      close(rocAuc(c.y, c.hard), c.roc_hard);
    }
  });
  it('rejects NaN scores and length mismatches with a UserError', () => {
    assert.throws(() => rocAuc([0, 1], [0.1, NaN]), { name: 'UserError' });
    assert.throws(() => rocAuc([0, 1], [0.1]), { name: 'UserError' });
  });
});

describe('averagePrecision', () => {
  it('matches the sklearn documentation example', () => {
    close(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.8333333333333333);
  });
  it('of hard labels is R·P + (1 − R)·π', () => {
    const y = [1, 1, 1, 0, 0, 0, 0, 0];
    const pred = [1, 1, 0, 0, 0, 0, 1, 1];
    const R = 2 / 3, P = 2 / 4, pi = 3 / 8;
    close(averagePrecision(y, pred), R * P + (1 - R) * pi);
  });
  it('matches sklearn on the fixture cases', () => {
    for (const c of ref.binary) {
      close(averagePrecision(c.y, c.score), c.ap);
      close(averagePrecision(c.y, c.hard), c.ap_hard);
    }
  });
  it('is NaN without positives', () => {
    assert.ok(Number.isNaN(averagePrecision([0, 0], [0.3, 0.4])));
  });
});

describe('accuracy and F1', () => {
  it('computes a hand-checked example', () => {
    const y = [0, 0, 1, 1, 2, 2];
    const p = [0, 1, 1, 1, 0, 2];
    close(accuracy(y, p), 4 / 6);
    const f1 = f1Scores(y, p, 3);
    // class 0: tp 1, fp 1, fn 1 → 0.5; class 1: tp 2, fp 1, fn 0 → 0.8; class 2: tp 1, fp 0, fn 1 → 2/3
    close(f1.perClass[0]!, 0.5);
    close(f1.perClass[1]!, 0.8);
    close(f1.perClass[2]!, 2 / 3);
    close(f1.macro, (0.5 + 0.8 + 2 / 3) / 3);
    close(f1.weighted, (2 * 0.5 + 2 * 0.8 + 2 * (2 / 3)) / 6);
  });
  it('matches sklearn on the fixture cases', () => {
    for (const c of ref.binary) {
      close(accuracy(c.y, c.hard), c.accuracy);
      const f1 = f1Scores(c.y, c.hard, 2);
      close(f1.macro, c.f1_macro);
      close(f1.weighted, c.f1_weighted);
    }
    const m = ref.multiclass;
    close(accuracy(m.y, m.pred), m.accuracy);
    const f1 = f1Scores(m.y, m.pred, m.k);
    close(f1.macro, m.f1_macro);
    close(f1.weighted, m.f1_weighted);
  });
  it('leaves classes that occur nowhere out of the macro mean', () => {
    const f1 = f1Scores([0, 1], [0, 1], 5);
    close(f1.macro, 1);
  });
});

describe('one-vs-rest multi-class scores', () => {
  it('match sklearn (mean of per-class binary scores)', () => {
    const m = ref.multiclass;
    close(rocAucOvr(m.y, m.proba, m.k), m.roc_ovr_macro);
    close(averagePrecisionOvr(m.y, m.proba, m.k), m.ap_ovr_macro);
  });
  it('argmaxRows takes the first maximum, as numpy', () => {
    assert.deepEqual([...argmaxRows([0.2, 0.5, 0.5, 0.9, 0.1, 0], 2, 3)], [1, 0]);
  });
});
