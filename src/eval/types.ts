// The shapes shared by every classifier and by the TSTR driver. Matrices are row-major and already
// encoded (one-hot categoricals, scaled numerics); labels are class indices 0..k-1.
import type { Rng } from '../engine/random/seeded-rng.js';
import type { BinnedMatrix } from './binning.js';
import type { ModeSparseMatrix } from './mode-sparse.js';
import type { LbfgsStop } from './linear/lbfgs.js';

export type { Rng };

/** A training set plus lazily built, memoized views that several classifiers share. */
export interface TrainingSet {
  /** Row-major n×d feature matrix. */
  readonly X: Float32Array;
  readonly n: number;
  readonly d: number;
  /** Class index per row, 0..k-1. */
  readonly y: Int32Array;
  /** Number of classes. */
  readonly k: number;
  /** Quantile-binned features for the tree models (built once, on first use). */
  binned(): BinnedMatrix;
  /** The matrix as "column baseline + sparse deviations", for the linear models and the MLP. */
  sparse(): ModeSparseMatrix;
}

/** How an iterative fit ended; `gradient` (max |∇|) and `tolerance` on the objective named by `on`. */
export interface FitEnd { iterations: number; stop: LbfgsStop; gradient: number; tolerance: number; on: 'mean' | 'sum' }

/** A fitted-on-demand model. `predictScores` returns n×k row-major scores whose row argmax is the
 * predicted class: class probabilities, or decision values for the linear SVM. */
export interface Classifier {
  fit(train: TrainingSet, rng: Rng): void;
  predictScores(X: Float32Array, n: number): Float64Array;
  /** Frees what the model holds outside the JS heap (engine tensors), if anything. */
  dispose?(): void;
  /** For iterative fits: how the last fit ended (iterations, which stopping test, final gradient). */
  fitEnd?(): FitEnd | undefined;
}

export interface ClassifierSpec {
  /** Display name; the first eleven match tstr.py's names. */
  readonly name: string;
  /** 'decision' scores are not probabilities (ROC/PR still use them, as sklearn's decision_function). */
  readonly scoreKind: 'probability' | 'decision';
  create(): Classifier;
}
