// sklearn GradientBoostingClassifier(): log-loss, 100 stages of depth-3 friedman_mse regression trees
// on the negative gradient, learning rate 0.1, Newton-step leaf values, prior log-odds start.
// Binary problems grow one tree per stage, k-class problems k trees (softmax).
import type { ClassifierSpec } from '../types.js';
import { growTree } from '../trees/grow.js';
import type { Tree } from '../trees/tree.js';
import { addTreeOutput } from '../trees/tree.js';
import { boostedMargins, marginsToProba, type BoostedTrees } from './boosting-common.js';
import { checkRows, fitted } from './common.js';

export interface GradientBoostingOptions {
  nEstimators?: number;
  learningRate?: number;
  maxDepth?: number;
}

export function gradientBoosting(options: GradientBoostingOptions = {}): ClassifierSpec {
  const name = 'GBM';
  const nEstimators = options.nEstimators ?? 100;
  const learningRate = options.learningRate ?? 0.1;
  const maxDepth = options.maxDepth ?? 3;
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
          const prior = new Float64Array(k);
          for (let i = 0; i < n; i++) prior[y[i]!]! += 1 / n;
          const init = k === 2
            ? Float64Array.of(Math.log(prior[1]! / prior[0]!))
            : Float64Array.from(prior, (p) => Math.log(Math.max(p, 2.220446049250313e-16)));
          const margins = new Float64Array(n * nOut);
          for (let i = 0; i < n; i++) for (let j = 0; j < nOut; j++) margins[i * nOut + j] = init[j]!;
          const rows = Int32Array.from({ length: n }, (_, i) => i);
          const stats = new Float64Array(n * 3); // residual, count, p(1-p)
          const trees: Tree[] = [];
          const shrink = nOut === 1 ? 1 : (k - 1) / k;
          const options = {
            criterion: { kind: 'friedman' } as const, nStats: 3, maxDepth, maxFeatures: d, nOut: 1,
            leafValue(total: Float64Array, out: Float64Array) {
              out[0] = Math.abs(total[2]!) < 1e-150 ? 0 : (shrink * total[0]!) / total[2]!;
            },
          };
          const proba = new Float64Array(n * k);
          for (let stage = 0; stage < nEstimators; stage++) {
            proba.set(marginsToProba(margins, n, k)); // gradients at the stage start, as sklearn
            for (let j = 0; j < nOut; j++) {
              const cls = nOut === 1 ? 1 : j;
              for (let i = 0; i < n; i++) {
                const p = proba[i * k + cls]!;
                stats[3 * i] = (y[i] === cls ? 1 : 0) - p;
                stats[3 * i + 1] = 1;
                stats[3 * i + 2] = p * (1 - p);
              }
              const tree = growTree(b, stats, rows, options, rng);
              addTreeOutput(tree, X, n, d, margins, learningRate, nOut, j);
              trees.push(tree);
            }
          }
          model = { init, trees, nOut, learningRate, d, k };
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
