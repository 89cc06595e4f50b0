// Train on synthetic images, test on real ones: the papers' twelve classifiers on flattened pixels
// scaled to [0, 1] (not standardized), plus a small CNN reported beside them. Per classifier:
// accuracy and macro F1 on the real test images; the mean over the twelve is the papers' figure.
import { performance } from 'node:perf_hooks';
import { initEngine } from '../../engine/init.js';
import { createRng } from '../../engine/random/seeded-rng.js';
import { ensure } from '../../errors.js';
import { accuracy, argmaxRows, f1Scores } from '../metrics.js';
import { createTrainingSet } from '../training-set.js';
import { nameHash } from '../tstr.js';
import type { FitEnd, TrainingSet } from '../types.js';
import { imageCnn, imageSuite, IMAGE_SUITE, type CnnProtocolOptions, type ImageClassifier, type ImageProtocolOptions, type ImageSuiteName } from './protocol.js';
import { stratifiedSample } from './stratified.js';

export interface ImageEvalInput {
  /** Training (synthetic) images, row-major n × (height·width·channels), pixel values 0..255. */
  trainImages: ArrayLike<number>;
  trainLabels: ArrayLike<number>;
  /** Test (real) images and labels, in the same layout. */
  testImages: ArrayLike<number>;
  testLabels: ArrayLike<number>;
  /** [height, width, channels] of one image. */
  imageShape: readonly [number, number, number];
  /** Number of classes; default the largest label over both sets plus one. */
  classes?: number;
  /** Seeds every classifier's generator (default 0). */
  seed?: number;
  /** A subset of the twelve (default all), e.g. for quick checks. */
  classifiers?: readonly ImageSuiteName[];
  /** The CNN's settings, or false to leave it out (default: 2 epochs, 16/32 filters). */
  cnn?: CnnProtocolOptions | false;
  /** Caps and iteration counts of the protocol (see ImageProtocolOptions). */
  protocol?: ImageProtocolOptions;
  /** Called after each classifier (the CNN last) with the number done and the number planned. */
  onResult?: (result: ImageClassifierResult, done: number, total: number) => void;
}

export interface ImageClassifierResult {
  name: string;
  accuracy: number;
  f1Macro: number;
  /** Fit + predict time. */
  seconds: number;
  /** Training images it was fitted on (fewer than all where the protocol caps them). */
  trainImages: number;
  /** The sklearn call it follows, and how it differs here. */
  reference: string;
  note?: string;
  /** How an iterative fit ended (the linear models: iterations, which stopping test, final gradient). */
  fitEnd?: FitEnd;
  /** Why the figures are NaN, when the classifier failed. */
  error?: string;
}

export interface ImageMean {
  accuracy: number;
  f1Macro: number;
  /** Classifiers the mean is over (failed ones are skipped). */
  used: number;
}

export interface ImageEvalResult {
  classes: number;
  imageShape: [number, number, number];
  trainImages: number;
  testImages: number;
  /** The papers' suite, in their order. */
  perClassifier: ImageClassifierResult[];
  /** Mean over the papers' 12-classifier suite (over those run, when a subset was asked for). */
  mean12: ImageMean;
  /** The CNN, beside the suite (null when left out). */
  cnn: ImageClassifierResult | null;
  /** Mean over the suite and the CNN (13 classifiers). */
  mean13: ImageMean;
  /** Classes with no training image (every classifier predicts them never). */
  classesMissingFromTraining: number[];
  seed: number;
  seconds: number;
}

export async function evaluateImages(input: ImageEvalInput): Promise<ImageEvalResult> {
  const start = performance.now();
  const [height, width, channels] = input.imageShape;
  const d = height * width * channels;
  ensure([height, width, channels].every((v) => Number.isInteger(v) && v >= 1), `The image shape must be three whole numbers ≥ 1, got [${input.imageShape.join(', ')}].`);
  const nTrain = input.trainLabels.length, nTest = input.testLabels.length;
  ensure(nTrain >= 1 && nTest >= 1, `Both image sets need at least one image (training ${nTrain}, test ${nTest}).`);
  ensure(input.trainImages.length === nTrain * d, `The training images hold ${input.trainImages.length} values, expected ${nTrain} images × ${d} pixels.`);
  ensure(input.testImages.length === nTest * d, `The test images hold ${input.testImages.length} values, expected ${nTest} images × ${d} pixels.`);
  const trainX = scale(input.trainImages, 'training'), testX = scale(input.testImages, 'test');
  let maxLabel = 0;
  for (const labels of [input.trainLabels, input.testLabels]) for (let i = 0; i < labels.length; i++) maxLabel = Math.max(maxLabel, labels[i]!);
  const k = input.classes ?? maxLabel + 1;
  ensure(Number.isInteger(k) && k >= 2, `The number of classes must be a whole number of at least 2, got ${k}.`);
  const trainY = labelsOf(input.trainLabels, k, 'training'), testY = labelsOf(input.testLabels, k, 'test');
  const seed = input.seed ?? 0;

  // Classes missing from the training set are left out of the fit and never predicted.
  const present: number[] = [];
  for (let c = 0; c < k; c++) if (trainY.includes(c)) present.push(c);
  const remap = new Int32Array(k).fill(-1);
  present.forEach((c, j) => { remap[c] = j; });
  const fitY = trainY.map((c) => remap[c]!);
  const kp = present.length;

  const wanted = new Set<string>(input.classifiers ?? IMAGE_SUITE);
  const suite = imageSuite(input.protocol).filter((c) => wanted.has(c.spec.name));
  const cnn = input.cnn === false ? null : imageCnn([height, width, channels], input.cnn ?? {});
  const planned = [...suite, ...(cnn ? [cnn] : [])];
  await initEngine();

  // One training set per image cap, so the tree models bin their shared subsample once.
  const sets = new Map<number, TrainingSet>();
  const trainingSet = (cap: number): TrainingSet => {
    const size = Math.min(cap, nTrain);
    let set = sets.get(size);
    if (!set) {
      if (size === nTrain) set = createTrainingSet(trainX, nTrain, d, fitY, kp);
      else {
        const rows = stratifiedSample(fitY, kp, size, createRng(seed * 65_537 + 0x5eed));
        const X = new Float32Array(rows.length * d);
        rows.forEach((row, i) => X.set(trainX.subarray(row * d, (row + 1) * d), i * d));
        set = createTrainingSet(X, rows.length, d, Int32Array.from(rows, (row) => fitY[row]!), kp);
      }
      sets.set(size, set);
    }
    return set;
  };

  const results: ImageClassifierResult[] = [];
  for (const item of planned) {
    const result = kp < 2
      ? failed(item, `the training images hold a single class (${present[0]}); a classifier needs at least two.`, 0, 0)
      : runOne(item, trainingSet(item.maxTrainImages), testX, testY, nTest, present, k, seed);
    results.push(result);
    input.onResult?.(result, results.length, planned.length);
  }
  const perClassifier = results.slice(0, suite.length);
  const cnnResult = cnn ? results[results.length - 1]! : null;
  return {
    classes: k,
    imageShape: [height, width, channels],
    trainImages: nTrain,
    testImages: nTest,
    perClassifier,
    mean12: meanOf(perClassifier),
    cnn: cnnResult,
    mean13: meanOf(results),
    classesMissingFromTraining: Array.from({ length: k }, (_, c) => c).filter((c) => remap[c] === -1),
    seed,
    seconds: (performance.now() - start) / 1000,
  };
}

function runOne(
  item: ImageClassifier, train: TrainingSet, testX: Float32Array, testY: Int32Array, nTest: number,
  present: readonly number[], k: number, seed: number,
): ImageClassifierResult {
  const t0 = performance.now();
  const model = item.spec.create();
  try {
    model.fit(train, createRng(seed * 65_537 + nameHash(item.spec.name)));
    const scores = model.predictScores(testX, nTest);
    const kp = present.length;
    if (scores.length !== nTest * kp) throw new Error(`returned ${scores.length} scores, expected ${nTest} × ${kp}.`);
    if (scores.some(Number.isNaN)) throw new Error('the model produced NaN scores (degenerate training data?).');
    const pred = argmaxRows(scores, nTest, kp).map((j) => present[j]!);
    const fitEnd = model.fitEnd?.();
    return {
      name: item.spec.name, accuracy: accuracy(testY, pred), f1Macro: f1Scores(testY, pred, k).macro,
      seconds: (performance.now() - t0) / 1000, trainImages: train.n, reference: item.reference, ...(item.note ? { note: item.note } : {}),
      ...(fitEnd ? { fitEnd } : {}),
    };
  } catch (error) {
    return failed(item, error instanceof Error ? error.message : String(error), (performance.now() - t0) / 1000, train.n);
  } finally {
    model.dispose?.();
  }
}

function failed(item: ImageClassifier, reason: string, seconds: number, trainImages: number): ImageClassifierResult {
  return {
    name: item.spec.name, accuracy: NaN, f1Macro: NaN, seconds, trainImages, reference: item.reference,
    ...(item.note ? { note: item.note } : {}), error: reason,
  };
}

function meanOf(results: readonly ImageClassifierResult[]): ImageMean {
  const ok = results.filter((r) => !Number.isNaN(r.accuracy));
  const mean = (key: 'accuracy' | 'f1Macro') => (ok.length ? ok.reduce((s, r) => s + r[key], 0) / ok.length : NaN);
  return { accuracy: mean('accuracy'), f1Macro: mean('f1Macro'), used: ok.length };
}

/** Pixels 0..255 → [0, 1] as the papers' protocol (x / 255, no standardization). */
function scale(pixels: ArrayLike<number>, what: string): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    ensure(v >= 0 && v <= 255, `The ${what} images have the value ${v} at position ${i}; pixels must be in [0, 255].`);
    out[i] = v / 255;
  }
  return out;
}

function labelsOf(labels: ArrayLike<number>, k: number, what: string): Int32Array {
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    ensure(Number.isInteger(c) && c >= 0 && c < k, `The ${what} label ${c} at example ${i} is outside 0..${k - 1}.`);
    y[i] = c;
  }
  return y;
}
