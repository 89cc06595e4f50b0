// sklearn GradientBoostingClassifier(): log-loss, 100 stages of depth-3 friedman_mse regression trees
// on the negative gradient, learning rate 0.1, Newton-step leaf values, prior log-odds start.
// Binary problems grow one tree per stage, k-class problems k trees (softmax). Optionally sklearn's
// subsample < 1 (each stage's trees see a fresh random share of the rows).
import type { ClassifierSpec } from '../types.js';
import { boostedClassifier } from './boosting-common.js';

export interface GradientBoostingOptions {
  nEstimators?: number;
  learningRate?: number;
  maxDepth?: number;
  /** sklearn's subsample (default 1). */
  subsample?: number;
  /** See GrowOptions.directNodes. */
  directNodes?: boolean;
}

export function gradientBoosting(options: GradientBoostingOptions = {}): ClassifierSpec {
  return boostedClassifier('GBM', {
    nEstimators: options.nEstimators ?? 100,
    learningRate: options.learningRate ?? 0.1,
    maxDepth: options.maxDepth ?? 3,
    subsample: options.subsample ?? 1,
    directNodes: options.directNodes ?? false,
    loss({ n, y, k }, nOut) {
      const prior = new Float64Array(k);
      for (let i = 0; i < n; i++) prior[y[i]!]! += 1 / n;
      const shrink = nOut === 1 ? 1 : (k - 1) / k;
      return {
        init: k === 2
          ? Float64Array.of(Math.log(prior[1]! / prior[0]!))
          : Float64Array.from(prior, (p) => Math.log(Math.max(p, 2.220446049250313e-16))),
        nStats: 3, // residual, count, p(1-p)
        criterion: { kind: 'friedman' },
        leafValue(total, out) {
          out[0] = Math.abs(total[2]!) < 1e-150 ? 0 : (shrink * total[0]!) / total[2]!;
        },
        rowStats(stats, i, p, isClass) {
          stats[3 * i] = (isClass ? 1 : 0) - p;
          stats[3 * i + 1] = 1;
          stats[3 * i + 2] = p * (1 - p);
        },
      };
    },
  });
}
