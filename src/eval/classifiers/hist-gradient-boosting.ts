// The stand-in for tstr.py's XGBClassifier(n_estimators=100) (xgboost 1.7 defaults): 100 rounds of
// depth-6 trees, learning rate 0.3, L2 leaf penalty λ = 1, min_child_weight 1, base score 0.5,
// second-order (gradient/hessian) split gain, on histogram bins instead of exact splits.
import type { ClassifierSpec } from '../types.js';
import { growTree } from '../trees/grow.js';
import { addTreeOutput, type Tree } from '../trees/tree.js';
import { boostedMargins, marginsToProba, type BoostedTrees } from './boosting-common.js';
import { checkRows, fitted } from './common.js';

export interface HistGradientBoostingOptions {
  nEstimators?: number;
  learningRate?: number;
  maxDepth?: number;
  lambda?: number;
  minChildWeight?: number;
}

export function histGradientBoosting(options: HistGradientBoostingOptions = {}): ClassifierSpec {
  const name = 'HistGB';
  const nEstimators = options.nEstimators ?? 100;
  const learningRate = options.learningRate ?? 0.3;
  const maxDepth = options.maxDepth ?? 6;
  const lambda = options.lambda ?? 1;
  const minChildWeight = options.minChildWeight ?? 1;
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
          const init = new Float64Array(nOut); // base_score 0.5 is margin 0 (equal margins for softmax)
          const margins = new Float64Array(n * nOut);
          const rows = Int32Array.from({ length: n }, (_, i) => i);
          const stats = new Float64Array(n * 2); // gradient, hessian
          const trees: Tree[] = [];
          const hessScale = nOut === 1 ? 1 : 2; // xgboost's softmax hessian is 2p(1-p)
          const options = {
            criterion: { kind: 'newton', lambda, minChildWeight } as const, nStats: 2, maxDepth, maxFeatures: d, nOut: 1,
            leafValue(total: Float64Array, out: Float64Array) { out[0] = -total[0]! / (total[1]! + lambda); },
          };
          for (let round = 0; round < nEstimators; round++) {
            const proba = marginsToProba(margins, n, k);
            for (let j = 0; j < nOut; j++) {
              const cls = nOut === 1 ? 1 : j;
              for (let i = 0; i < n; i++) {
                const p = proba[i * k + cls]!;
                stats[2 * i] = p - (y[i] === cls ? 1 : 0);
                stats[2 * i + 1] = Math.max(hessScale * p * (1 - p), 1e-16);
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
