// sklearn AdaBoostClassifier(): 50 depth-1 trees (stumps), learning rate 1. The default algorithm
// is SAMME.R because that is what sklearn 1.2 (Debian bookworm, the version tstr.py runs on) uses by
// default; discrete SAMME (sklearn ≥ 1.6's only choice) is available as an option.
import type { ClassifierSpec } from '../types.js';
import { fitClassTree } from '../trees/class-tree.js';
import { addTreeOutput, type Tree } from '../trees/tree.js';
import { checkRows, fitted, sigmoid, softmaxRows } from './common.js';

export interface AdaBoostOptions {
  nEstimators?: number;
  learningRate?: number;
  algorithm?: 'SAMME.R' | 'SAMME';
  /** See GrowOptions.directNodes. */
  directNodes?: boolean;
}

const EPS = 2.220446049250313e-16; // numpy float64 eps, sklearn's clip on probabilities

export function adaBoost(options: AdaBoostOptions = {}): ClassifierSpec {
  const name = 'AdaBoost';
  const nEstimators = options.nEstimators ?? 50;
  const lr = options.learningRate ?? 1;
  const real = (options.algorithm ?? 'SAMME.R') === 'SAMME.R';
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { stumps: Tree[]; alphas: number[]; d: number; k: number } | undefined;
      return {
        fit(train, rng) {
          const { X, n, d, y, k } = train;
          const b = train.binned();
          const w = new Float64Array(n).fill(1 / n);
          const stumps: Tree[] = [];
          const alphas: number[] = [];
          const proba = new Float64Array(n * k);
          for (let it = 0; it < nEstimators; it++) {
            const stump = fitClassTree(b, y, k, w, { maxDepth: 1, directNodes: options.directNodes ?? false }, rng);
            proba.fill(0);
            addTreeOutput(stump, X, n, d, proba);
            let wrong = 0, sum = 0;
            for (let i = 0; i < n; i++) {
              sum += w[i]!;
              if (argmaxRow(proba, i, k) !== y[i]) wrong += w[i]!;
            }
            const err = wrong / sum;
            stumps.push(stump);
            if (err <= 0) { alphas.push(1); break; }
            let alpha = 1;
            if (real) {
              const last = it === nEstimators - 1;
              for (let i = 0; !last && i < n; i++) {
                // estimator weight of sklearn's _boost_real: -lr·(k-1)/k · Σ_c coding_c·log p_c
                let s = 0;
                for (let c = 0; c < k; c++) {
                  const code = c === y[i] ? 1 : -1 / (k - 1);
                  s += code * Math.log(Math.max(proba[i * k + c]!, EPS));
                }
                const e = -lr * ((k - 1) / k) * s;
                if (w[i]! > 0 || e < 0) w[i] = w[i]! * Math.exp(e);
              }
            } else {
              if (err >= 1 - 1 / k) { stumps.pop(); break; } // worse than chance: sklearn drops it and stops
              alpha = lr * (Math.log((1 - err) / err) + Math.log(k - 1));
              for (let i = 0; it < nEstimators - 1 && i < n; i++) {
                if (argmaxRow(proba, i, k) !== y[i] && w[i]! > 0) w[i] = w[i]! * Math.exp(alpha);
              }
            }
            alphas.push(alpha);
            let total = 0;
            for (let i = 0; i < n; i++) total += w[i]!;
            if (!(total > 0) || !Number.isFinite(total)) break;
            if (it < nEstimators - 1) for (let i = 0; i < n; i++) w[i] = w[i]! / total;
          }
          if (stumps.length === 0) throw new Error('AdaBoost: the first stump is no better than chance.');
          model = { stumps, alphas, d, k };
        },
        predictScores(X, n) {
          const { stumps, alphas, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          const pred = new Float64Array(n * k);
          const p = new Float64Array(n * k);
          let alphaSum = 0;
          for (let s = 0; s < stumps.length; s++) {
            p.fill(0);
            addTreeOutput(stumps[s]!, X, n, d, p);
            alphaSum += alphas[s]!;
            for (let i = 0; i < n; i++) {
              if (real) {
                // sklearn's _samme_proba: (k-1)·(log p − mean log p)
                let mean = 0;
                for (let c = 0; c < k; c++) mean += Math.log(Math.max(p[i * k + c]!, EPS)) / k;
                for (let c = 0; c < k; c++) pred[i * k + c] += (k - 1) * (Math.log(Math.max(p[i * k + c]!, EPS)) - mean);
              } else {
                pred[i * k + argmaxRow(p, i, k)] += alphas[s]!;
              }
            }
          }
          for (let j = 0; j < pred.length; j++) pred[j] = pred[j]! / alphaSum;
          if (k === 2) {
            // sklearn: decision = pred1 − pred0, proba = softmax([−dec, dec] / 2)
            for (let i = 0; i < n; i++) {
              const p1 = sigmoid(pred[2 * i + 1]! - pred[2 * i]!);
              pred[2 * i] = 1 - p1;
              pred[2 * i + 1] = p1;
            }
          } else {
            for (let j = 0; j < pred.length; j++) pred[j] = pred[j]! / (k - 1);
            softmaxRows(pred, n, k);
          }
          return pred;
        },
      };
    },
  };
}

function argmaxRow(m: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (m[i * k + c]! > m[i * k + best]!) best = c;
  return best;
}
