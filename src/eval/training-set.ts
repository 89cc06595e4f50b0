// Builds a TrainingSet: validates the arrays and memoizes the binned and sparse views so the twelve
// classifiers of one evaluation sort and bin the columns only once.
import { ensure } from '../errors.js';
import { binColumns, DEFAULT_MAX_BINS, type BinnedMatrix } from './binning.js';
import { profileColumns, type ColumnProfile } from './column-profile.js';
import { modeSparse, type ModeSparseMatrix } from './mode-sparse.js';
import type { TrainingSet } from './types.js';

export interface TrainingSetOptions {
  /** Bins per feature for the tree models (2..256, default 64). */
  maxBins?: number;
}

export function createTrainingSet(
  X: Float32Array, n: number, d: number, y: Int32Array, k: number, options: TrainingSetOptions = {},
): TrainingSet {
  checkMatrix(X, n, d, 'training');
  ensure(y.length === n, `The training labels have ${y.length} entries but the matrix has ${n} rows.`);
  ensure(Number.isInteger(k) && k >= 2, `The number of classes must be an integer of at least 2, got ${k}.`);
  for (let i = 0; i < n; i++) {
    const c = y[i]!;
    ensure(c >= 0 && c < k, `Training label ${c} at row ${i} is outside 0..${k - 1}.`);
  }
  let profiles: ColumnProfile[] | undefined;
  let binned: BinnedMatrix | undefined;
  let sparse: ModeSparseMatrix | undefined;
  const profile = (): ColumnProfile[] => (profiles ??= profileColumns(X, n, d));
  return {
    X, n, d, y, k,
    binned: () => (binned ??= binColumns(X, n, d, profile(), options.maxBins ?? DEFAULT_MAX_BINS)),
    sparse: () => (sparse ??= modeSparse(X, n, d, profile())),
  };
}

/** A row-major n×d matrix of finite numbers, with one clear message when it is not. */
export function checkMatrix(X: Float32Array, n: number, d: number, what: string): void {
  ensure(Number.isInteger(n) && n >= 1, `The ${what} set needs at least one row, got ${n}.`);
  ensure(Number.isInteger(d) && d >= 1, `The ${what} set needs at least one feature, got ${d}.`);
  ensure(X.length === n * d, `The ${what} matrix has ${X.length} values, expected ${n} rows × ${d} features = ${n * d}.`);
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i]!)) {
      ensure(false, `The ${what} matrix holds ${X[i]} at row ${Math.floor(i / d)}, column ${i % d}; encode missing values before evaluating.`);
    }
  }
}
