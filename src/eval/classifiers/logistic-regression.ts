// sklearn LogisticRegression(): L2 penalty with C = 1 on the weights (not the intercept), lbfgs,
// binary logistic for k = 2 and multinomial (softmax over k weight vectors) for k > 2. The objective
// is strictly convex in the weights, so converging gives sklearn's solution.
import type { ClassifierSpec } from '../types.js';
import { minimizeLbfgs } from '../linear/lbfgs.js';
import { denseMultiply, multiply, multiplyTransposed } from '../linear/sparse-ops.js';
import { checkRows, fitted, logisticLoss, sigmoid, softmaxRows } from './common.js';

export interface LogisticRegressionOptions {
  /** Inverse regularization strength (sklearn's C). */
  C?: number;
  maxIterations?: number;
}

export function logisticRegression(options: LogisticRegressionOptions = {}): ClassifierSpec {
  const name = 'LogReg';
  const C = options.C ?? 1;
  const maxIterations = options.maxIterations ?? 1000;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { W: Float64Array; b: Float64Array; m: number; d: number; k: number } | undefined;
      return {
        fit(train) {
          const { n, d, y, k } = train;
          const S = train.sparse();
          const m = k === 2 ? 1 : k;
          const Z = new Float64Array(n * m);
          const G = new Float64Array(n * m);
          const gW = new Float64Array(d * m);
          // Mean log-loss + ‖W‖²/(2Cn): sklearn's C·Σloss + ½‖W‖² divided by C·n (same minimizer,
          // better-scaled gradients). Parameters: W (d×m row-major) then the m intercepts.
          const evaluate = (theta: Float64Array, grad: Float64Array): number => {
            const W = theta.subarray(0, d * m), b = theta.subarray(d * m);
            multiply(S, W, b, m, Z);
            let loss = 0;
            loss += logisticLoss(Z, y, n, m, G);
            const gb = multiplyTransposed(S, G, m, gW);
            let penalty = 0;
            const lam = 1 / (C * n);
            for (let j = 0; j < d * m; j++) {
              penalty += W[j]! * W[j]!;
              grad[j] = gW[j]! + lam * W[j]!;
            }
            grad.set(gb, d * m);
            return loss / n + 0.5 * lam * penalty;
          };
          const result = minimizeLbfgs(evaluate, new Float64Array(d * m + m), { maxIterations, gradientTolerance: 1e-9 });
          model = { W: result.x.slice(0, d * m), b: result.x.slice(d * m), m, d, k };
        },
        predictScores(X, n) {
          const { W, b, m, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          const z = new Float64Array(n * m);
          denseMultiply(X, n, d, W, b, m, z);
          if (m > 1) { softmaxRows(z, n, k); return z; }
          const out = new Float64Array(n * 2);
          for (let i = 0; i < n; i++) { const p = sigmoid(z[i]!); out[2 * i] = 1 - p; out[2 * i + 1] = p; }
          return out;
        },
      };
    },
  };
}
