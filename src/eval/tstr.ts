// Train on synthetic, test on real: fits each classifier on the (synthetic) training matrix and
// scores it on the (real) test matrix, as tstr.py does. Binary tasks (k = 2) use class 1 as the
// positive class; ROC-AUC and PR-AUC come from scores (probabilities, or decision values for the
// SVM), the "hard" ones from the predicted labels (the papers' protocol). For k > 2, tstr.py only
// reports accuracy and F1; here ROC/PR are also given, one-vs-rest macro averages.
import { performance } from 'node:perf_hooks';
import { createRng } from '../engine/random/seeded-rng.js';
import { ensure } from '../errors.js';
import { CLASSIFIER_NAMES, defaultClassifiers, type ClassifierName } from './classifiers/registry.js';
import {
  accuracy, argmaxRows, averagePrecision, averagePrecisionOvr, f1Scores, rocAuc, rocAucOvr,
} from './metrics.js';
import { fitStandardizer } from './standardize.js';
import { checkMatrix, createTrainingSet } from './training-set.js';
import type { ClassifierSpec } from './types.js';

export interface TstrInput {
  /** Row-major nTrain×d training (synthetic) features and labels 0..k-1. */
  trainX: Float32Array;
  trainY: Int32Array;
  /** Row-major nTest×d test (real) features and labels 0..k-1. */
  testX: Float32Array;
  testY: Int32Array;
  d: number;
  k: number;
  /** Row counts; default the label lengths. */
  nTrain?: number;
  nTest?: number;
  /** Seeds every classifier's generator (default 0). */
  seed?: number;
  /** Names from CLASSIFIER_NAMES and/or custom specs; default all twelve. */
  classifiers?: readonly (ClassifierName | ClassifierSpec)[];
  /** z-score features with training statistics first, as tstr.py (default true). */
  standardize?: boolean;
  /** Bins per feature for the tree models (default 64). */
  maxBins?: number;
  /** Called after each classifier, e.g. for progress output. */
  onResult?: (result: ClassifierResult) => void;
}

export interface TstrFigures {
  /** ROC-AUC from scores (binary) or one-vs-rest macro (k > 2). */
  rocAuc: number;
  /** ROC-AUC of the predicted labels (binary: balanced accuracy). */
  rocAucHard: number;
  /** Average precision from scores (binary) or one-vs-rest macro. */
  prAuc: number;
  /** Average precision of the predicted labels. */
  prAucHard: number;
  accuracy: number;
  f1Macro: number;
  f1Weighted: number;
}

export const FIGURE_NAMES = ['rocAuc', 'rocAucHard', 'prAuc', 'prAucHard', 'accuracy', 'f1Macro', 'f1Weighted'] as const;

export interface ClassifierResult extends TstrFigures {
  name: string;
  /** Fit + predict time. */
  seconds: number;
  /** Why the figures are NaN, when the classifier failed. */
  error?: string;
}

export interface TstrResult {
  task: 'binary' | 'multiclass';
  perClassifier: ClassifierResult[];
  /** Means over classifiers, skipping NaN figures. */
  mean: TstrFigures;
  /** How many classifiers each mean used. */
  used: Record<keyof TstrFigures, number>;
  /** Standardizing, binning and the sparse view, shared by all classifiers. */
  prepareSeconds: number;
  seconds: number;
}

export function evaluateTstr(input: TstrInput): TstrResult {
  const start = performance.now();
  const { d, k } = input;
  const nTrain = input.nTrain ?? input.trainY.length;
  const nTest = input.nTest ?? input.testY.length;
  checkMatrix(input.trainX, nTrain, d, 'training');
  checkMatrix(input.testX, nTest, d, 'test');
  ensure(Number.isInteger(k) && k >= 2, `The number of classes must be an integer of at least 2, got ${k}.`);
  ensure(input.trainY.length === nTrain, `The training labels have ${input.trainY.length} entries but the training matrix has ${nTrain} rows.`);
  ensure(input.testY.length === nTest, `The test labels have ${input.testY.length} entries but the test matrix has ${nTest} rows.`);
  checkLabels(input.trainY, k, 'training');
  checkLabels(input.testY, k, 'test');
  const specs = resolveClassifiers(input.classifiers);

  // Classes missing from the training set are left out of the fit; their scores are filled in as
  // "never" afterwards (probability 0, decision −∞), as sklearn classifiers only know seen classes.
  const present: number[] = [];
  for (let c = 0; c < k; c++) if (input.trainY.includes(c)) present.push(c);
  const singleClass = present.length < 2
    ? `The training set has a single class (${present[0]}); a classifier needs at least two.`
    : undefined;

  const prepStart = performance.now();
  const scaler = input.standardize === false ? undefined : fitStandardizer(input.trainX, nTrain, d);
  const trainX = scaler ? scaler.apply(input.trainX, nTrain) : input.trainX;
  const testX = scaler ? scaler.apply(input.testX, nTest) : input.testX;
  const remap = new Int32Array(k).fill(-1);
  present.forEach((c, j) => { remap[c] = j; });
  const trainY = input.trainY.map((c) => remap[c]!);
  const train = singleClass ? undefined : createTrainingSet(trainX, nTrain, d, trainY, present.length, { maxBins: input.maxBins });
  if (train) { train.binned(); train.sparse(); }
  const prepareSeconds = (performance.now() - prepStart) / 1000;

  const perClassifier: ClassifierResult[] = [];
  const seed = input.seed ?? 0;
  for (const spec of specs) {
    const t0 = performance.now();
    let result: ClassifierResult;
    if (!train) result = failed(spec.name, singleClass!, 0);
    else {
      try {
        const model = spec.create();
        model.fit(train, createRng(seed * 65_537 + nameHash(spec.name)));
        const raw = model.predictScores(testX, nTest);
        const scores = expandClasses(raw, nTest, present, k, spec.scoreKind);
        if (scores.some(Number.isNaN)) throw new Error('the model produced NaN scores (degenerate training data?).');
        result = { name: spec.name, ...figures(input.testY, scores, nTest, k), seconds: (performance.now() - t0) / 1000 };
      } catch (error) {
        result = failed(spec.name, error instanceof Error ? error.message : String(error), (performance.now() - t0) / 1000);
      }
    }
    perClassifier.push(result);
    input.onResult?.(result);
  }
  const { mean, used } = meanFigures(perClassifier);
  return { task: k === 2 ? 'binary' : 'multiclass', perClassifier, mean, used, prepareSeconds, seconds: (performance.now() - start) / 1000 };
}

/** All figures for one classifier's n×k test scores. */
export function figures(yTrue: Int32Array, scores: Float64Array, n: number, k: number): TstrFigures {
  const pred = argmaxRows(scores, n, k);
  const f1 = f1Scores(yTrue, pred, k);
  const common = { accuracy: accuracy(yTrue, pred), f1Macro: f1.macro, f1Weighted: f1.weighted };
  if (k === 2) {
    const positive = Int8Array.from(yTrue, (c) => (c === 1 ? 1 : 0));
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) score[i] = scores[2 * i + 1]!;
    const hard = Float64Array.from(pred);
    return {
      rocAuc: rocAuc(positive, score), rocAucHard: rocAuc(positive, hard),
      prAuc: averagePrecision(positive, score), prAucHard: averagePrecision(positive, hard), ...common,
    };
  }
  const oneHot = new Float64Array(n * k);
  for (let i = 0; i < n; i++) oneHot[i * k + pred[i]!] = 1;
  return {
    rocAuc: rocAucOvr(yTrue, scores, k), rocAucHard: rocAucOvr(yTrue, oneHot, k),
    prAuc: averagePrecisionOvr(yTrue, scores, k), prAucHard: averagePrecisionOvr(yTrue, oneHot, k), ...common,
  };
}

/** Per-figure means over classifiers, skipping NaN, with the count used. */
export function meanFigures(results: readonly TstrFigures[]): { mean: TstrFigures; used: Record<keyof TstrFigures, number> } {
  const mean = {} as TstrFigures;
  const used = {} as Record<keyof TstrFigures, number>;
  for (const key of FIGURE_NAMES) {
    const values = results.map((r) => r[key]).filter((v) => !Number.isNaN(v));
    mean[key] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
    used[key] = values.length;
  }
  return { mean, used };
}

function resolveClassifiers(list: TstrInput['classifiers']): ClassifierSpec[] {
  const defaults = defaultClassifiers();
  if (!list) return defaults;
  ensure(list.length > 0, 'The classifier list is empty; leave it out to use all twelve.');
  return list.map((item) => {
    if (typeof item !== 'string') return item;
    const spec = defaults.find((s) => s.name === item);
    ensure(spec !== undefined, `Unknown classifier "${item}"; known ones are ${CLASSIFIER_NAMES.join(', ')}.`);
    return spec;
  });
}

function checkLabels(y: Int32Array, k: number, what: string): void {
  for (let i = 0; i < y.length; i++) {
    ensure(y[i]! >= 0 && y[i]! < k, `The ${what} label ${y[i]} at row ${i} is outside 0..${k - 1}.`);
  }
}

function expandClasses(raw: Float64Array, n: number, present: readonly number[], k: number, kind: ClassifierSpec['scoreKind']): Float64Array {
  const kp = present.length;
  if (raw.length !== n * kp) throw new Error(`returned ${raw.length} scores, expected ${n} × ${kp}.`);
  if (kp === k) return raw;
  const out = new Float64Array(n * k).fill(kind === 'probability' ? 0 : -Infinity);
  for (let i = 0; i < n; i++) for (let j = 0; j < kp; j++) out[i * k + present[j]!] = raw[i * kp + j]!;
  return out;
}

function failed(name: string, reason: string, seconds: number): ClassifierResult {
  return {
    name, rocAuc: NaN, rocAucHard: NaN, prAuc: NaN, prAucHard: NaN, accuracy: NaN, f1Macro: NaN, f1Weighted: NaN,
    seconds, error: reason,
  };
}

/** FNV-1a of the name, so each classifier's generator does not depend on which others run. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
