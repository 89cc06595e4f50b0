// Shared pieces of the two gradient-boosted tree models: a margin matrix updated by trees and
// turned into class probabilities.
import { addTreeOutput, type Tree } from '../trees/tree.js';
import { sigmoid, softmaxRows } from './common.js';

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
