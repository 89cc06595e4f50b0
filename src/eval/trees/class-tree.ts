// A CART classification tree (gini) on binned features, with optional sample weights: the building
// block of DecisionTree, Bagging, RandomForest and AdaBoost's stumps.
import type { Rng } from '../../engine/random/seeded-rng.js';
import type { BinnedMatrix } from '../binning.js';
import { growTree } from './grow.js';
import { addTreeOutput, type Tree } from './tree.js';

export interface ClassTreeOptions {
  /** Infinity (default) grows until leaves are pure, as sklearn's max_depth=None. */
  maxDepth?: number;
  /** Features examined per split (default all). */
  maxFeatures?: number;
  /** See GrowOptions.directNodes (default false). */
  directNodes?: boolean;
}

/** Fits a tree on the rows with positive weight (all rows, weight 1, when `weights` is null).
 * Leaves hold the weighted class fractions, i.e. sklearn's predict_proba. */
export function fitClassTree(
  b: BinnedMatrix, y: Int32Array, k: number, weights: Float64Array | null, options: ClassTreeOptions, rng: Rng,
): Tree {
  const n = b.n;
  const stats = new Float64Array(n * k);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = weights === null ? 1 : weights[i]!;
    if (w > 0) { stats[i * k + y[i]!] = w; rows.push(i); }
  }
  return growTree(b, stats, Int32Array.from(rows), {
    criterion: { kind: 'gini' },
    nStats: k,
    maxDepth: options.maxDepth ?? Infinity,
    maxFeatures: options.maxFeatures ?? b.d,
    directNodes: options.directNodes ?? false,
    nOut: k,
    leafValue(total, out) {
      let w = 0;
      for (let c = 0; c < k; c++) w += total[c]!;
      for (let c = 0; c < k; c++) out[c] = total[c]! / w;
    },
  }, rng);
}

/** Mean of the trees' class probabilities (n×k). */
export function averageTreeProba(trees: readonly Tree[], X: Float32Array, n: number, d: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (const tree of trees) addTreeOutput(tree, X, n, d, out, 1 / trees.length);
  return out;
}

/** sklearn's bootstrap: `draws` (default n) draws with replacement, as per-row counts used as
 * sample weights. */
export function bootstrapWeights(n: number, rng: Rng, draws = n): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < draws; i++) w[rng.int(n)]!++;
  return w;
}

/** sklearn's class_weight='balanced' as per-row weights: n / (classes present × rows of the class). */
export function balancedWeights(y: Int32Array, k: number): Float64Array {
  const count = new Float64Array(k);
  for (let i = 0; i < y.length; i++) count[y[i]!]!++;
  const present = count.filter((c) => c > 0).length;
  return Float64Array.from(y, (c) => y.length / (present * count[c]!));
}
