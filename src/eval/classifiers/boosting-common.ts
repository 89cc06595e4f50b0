// Shared pieces of the two gradient-boosted tree models: a margin matrix updated by trees and
// turned into class probabilities.
import { addTreeOutput, type Tree } from '../trees/tree.js';
import { checkRows, fitted, sigmoid, softmaxRows } from './common.js';
import { growTree, type Criterion } from '../trees/grow.js';
import type { ClassifierSpec, Rng, TrainingSet } from '../types.js';

/** Boosted model: per-output initial margin plus lr-scaled trees (trees[stage*nOut + j]). */
export interface BoostedTrees {
  readonly init: Float64Array;
  readonly trees: readonly Tree[];
  readonly nOut: number;
  readonly learningRate: number;
}

/** Margins (n×nOut) of the boosted trees on raw rows. */
export function boostedMargins(model: BoostedTrees, X: Float32Array, n: number, d: number): Float64Array {
  const { init, trees, nOut, learningRate } = model;
  const out = new Float64Array(n * nOut);
  for (let i = 0; i < n; i++) for (let j = 0; j < nOut; j++) out[i * nOut + j] = init[j]!;
  trees.forEach((tree, t) => addTreeOutput(tree, X, n, d, out, learningRate, nOut, t % nOut));
  return out;
}

/** Probabilities (n×k) from margins: one logit column for k = 2, softmax over k columns otherwise. */
export function marginsToProba(margins: Float64Array, n: number, k: number): Float64Array {
  if (k > 2) {
    const p = Float64Array.from(margins);
    softmaxRows(p, n, k);
    return p;
  }
  const p = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p1 = sigmoid(margins[i]!);
    p[2 * i] = 1 - p1;
    p[2 * i + 1] = p1;
  }
  return p;
}

/** What distinguishes the two boosted models: the start margins and, per row, the tree statistics. */
export interface BoostingLoss {
  readonly init: Float64Array;
  readonly nStats: number;
  readonly criterion: Criterion;
  leafValue(total: Float64Array, out: Float64Array): void;
  /** Writes row i's statistics for output class `cls` from its probability p and whether y_i = cls. */
  rowStats(stats: Float64Array, i: number, p: number, isClass: boolean): void;
}

export interface BoostingSettings {
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
  /** Fraction of the rows each stage's trees are fitted on, drawn without replacement per stage
   * (sklearn's subsample; default 1). */
  subsample?: number;
  /** Fraction of the features each tree may split on, drawn per tree (XGBoost's colsample_bytree;
   * default 1). */
  colsampleByTree?: number;
  directNodes?: boolean;
  /** The loss, given the class count k and the outputs per stage (1 for k = 2, else k). */
  loss(train: TrainingSet, nOut: number): BoostingLoss;
}

/** `count` distinct entries of `pool` drawn at random (partial Fisher–Yates), ascending. */
function drawSorted(pool: Int32Array, count: number, rng: Rng): Int32Array {
  const a = Int32Array.from(pool);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i]!; a[i] = a[j]!; a[j] = t;
  }
  return a.slice(0, count).sort();
}

/**
 * A gradient-boosted tree classifier: per stage, probabilities from the current margins, then one
 * tree per output fitted to the loss's row statistics on the binned features.
 */
export function boostedClassifier(name: string, s: BoostingSettings): ClassifierSpec {
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: (BoostedTrees & { d: number; k: number }) | undefined;
      return {
        fit(train, rng) {
          const { X, n, d, y, k } = train;
          const b = train.binned();
          const nOut = k === 2 ? 1 : k;
          const loss = s.loss(train, nOut);
          const margins = new Float64Array(n * nOut);
          for (let i = 0; i < n; i++) for (let j = 0; j < nOut; j++) margins[i * nOut + j] = loss.init[j]!;
          const all = Int32Array.from({ length: n }, (_, i) => i);
          const featureIds = Int32Array.from({ length: d }, (_, f) => f);
          const subsample = s.subsample ?? 1, colsample = s.colsampleByTree ?? 1;
          if (!(subsample > 0 && subsample <= 1)) throw new RangeError(`${name}: subsample must be in (0, 1], got ${subsample}.`);
          if (!(colsample > 0 && colsample <= 1)) throw new RangeError(`${name}: colsampleByTree must be in (0, 1], got ${colsample}.`);
          const inBag = Math.max(1, Math.floor(subsample * n)); // sklearn: int(subsample · n)
          const nCols = Math.max(1, Math.round(colsample * d));
          const stats = new Float64Array(n * loss.nStats);
          const trees: Tree[] = [];
          const options = {
            criterion: loss.criterion, nStats: loss.nStats, maxDepth: s.maxDepth, maxFeatures: d, nOut: 1, leafValue: loss.leafValue,
            directNodes: s.directNodes ?? false,
          };
          for (let stage = 0; stage < s.nEstimators; stage++) {
            const proba = marginsToProba(margins, n, k); // gradients at the stage start, as sklearn and xgboost
            const rows = inBag < n ? drawSorted(all, inBag, rng) : all; // one draw per stage, as sklearn
            for (let j = 0; j < nOut; j++) {
              const cls = nOut === 1 ? 1 : j;
              for (let r = 0; r < rows.length; r++) { const i = rows[r]!; loss.rowStats(stats, i, proba[i * k + cls]!, y[i] === cls); }
              const features = nCols < d ? drawSorted(featureIds, nCols, rng) : undefined;
              const tree = growTree(b, stats, rows, features ? { ...options, features } : options, rng);
              addTreeOutput(tree, X, n, d, margins, s.learningRate, nOut, j);
              trees.push(tree);
            }
          }
          model = { init: loss.init, trees, nOut, learningRate: s.learningRate, d, k };
        },
        predictScores(X, n) {
          const m = fitted(model, name);
          checkRows(X, n, m.d, name);
          return marginsToProba(boostedMargins(m, X, n, m.d), n, m.k);
        },
      };
    },
  };
}
