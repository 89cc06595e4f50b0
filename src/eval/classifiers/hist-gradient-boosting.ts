// The stand-in for tstr.py's XGBClassifier(n_estimators=100) (xgboost 1.7 defaults): 100 rounds of
// depth-6 trees, learning rate 0.3, L2 leaf penalty λ = 1, min_child_weight 1, base score 0.5,
// second-order (gradient/hessian) split gain, on histogram bins instead of exact splits. Optionally
// colsample_bytree < 1 (each tree splits on a fresh random share of the features).
import type { ClassifierSpec } from '../types.js';
import { boostedClassifier } from './boosting-common.js';

export interface HistGradientBoostingOptions {
  nEstimators?: number;
  learningRate?: number;
  maxDepth?: number;
  lambda?: number;
  minChildWeight?: number;
  /** XGBoost's colsample_bytree (default 1). */
  colsampleByTree?: number;
  /** See GrowOptions.directNodes. */
  directNodes?: boolean;
}

export function histGradientBoosting(options: HistGradientBoostingOptions = {}): ClassifierSpec {
  const lambda = options.lambda ?? 1;
  const minChildWeight = options.minChildWeight ?? 1;
  return boostedClassifier('HistGB', {
    nEstimators: options.nEstimators ?? 100,
    learningRate: options.learningRate ?? 0.3,
    maxDepth: options.maxDepth ?? 6,
    colsampleByTree: options.colsampleByTree ?? 1,
    directNodes: options.directNodes ?? false,
    loss(_train, nOut) {
      const hessScale = nOut === 1 ? 1 : 2; // xgboost's softmax hessian is 2p(1-p)
      return {
        init: new Float64Array(nOut), // base_score 0.5 is margin 0 (equal margins for softmax)
        nStats: 2, // gradient, hessian
        criterion: { kind: 'newton', lambda, minChildWeight },
        leafValue(total, out) { out[0] = -total[0]! / (total[1]! + lambda); },
        rowStats(stats, i, p, isClass) {
          stats[2 * i] = p - (isClass ? 1 : 0);
          stats[2 * i + 1] = Math.max(hessScale * p * (1 - p), 1e-16);
        },
      };
    },
  });
}
