// sklearn GaussianNB(): per-class feature means and variances, variances padded by
// var_smoothing (1e-9) × the largest feature variance, empirical class priors.
import type { ClassifierSpec } from '../types.js';
import { checkRows, expNormalizeRows, fitted } from './common.js';

export interface GaussianNbOptions {
  varSmoothing?: number;
}

export function gaussianNb(options: GaussianNbOptions = {}): ClassifierSpec {
  const name = 'GaussianNB';
  const varSmoothing = options.varSmoothing ?? 1e-9;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { mean: Float64Array; variance: Float64Array; logPrior: Float64Array; d: number; k: number } | undefined;
      return {
        fit(train) {
          const { X, n, d, y, k } = train;
          const count = new Float64Array(k);
          const mean = new Float64Array(k * d);
          const variance = new Float64Array(k * d);
          for (let i = 0; i < n; i++) {
            const c = y[i]!;
            count[c]!++;
            for (let f = 0; f < d; f++) mean[c * d + f] += X[i * d + f]!;
          }
          for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) mean[c * d + f] = count[c]! > 0 ? mean[c * d + f]! / count[c]! : 0;
          for (let i = 0; i < n; i++) {
            const c = y[i]!;
            for (let f = 0; f < d; f++) { const z = X[i * d + f]! - mean[c * d + f]!; variance[c * d + f] += z * z; }
          }
          for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) variance[c * d + f] = count[c]! > 0 ? variance[c * d + f]! / count[c]! : 0;
          // floored so that all-constant data gives the priors rather than 0/0
          const epsilon = Math.max(varSmoothing * maxColumnVariance(X, n, d), 1e-300);
          for (let j = 0; j < variance.length; j++) variance[j] += epsilon;
          const logPrior = Float64Array.from(count, (m) => Math.log(m / n));
          model = { mean, variance, logPrior, d, k };
        },
        predictScores(X, n) {
          const { mean, variance, logPrior, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          const constant = new Float64Array(k);
          for (let c = 0; c < k; c++) {
            let s = logPrior[c]!;
            for (let f = 0; f < d; f++) s -= 0.5 * Math.log(2 * Math.PI * variance[c * d + f]!);
            constant[c] = s;
          }
          const out = new Float64Array(n * k);
          for (let i = 0; i < n; i++) {
            for (let c = 0; c < k; c++) {
              let s = constant[c]!;
              for (let f = 0; f < d; f++) { const z = X[i * d + f]! - mean[c * d + f]!; s -= (0.5 * z * z) / variance[c * d + f]!; }
              out[i * k + c] = s;
            }
          }
          expNormalizeRows(out, n, k);
          return out;
        },
      };
    },
  };
}

function maxColumnVariance(X: Float32Array, n: number, d: number): number {
  let best = 0;
  for (let f = 0; f < d; f++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) s += X[i * d + f]!;
    const m = s / n;
    for (let i = 0; i < n; i++) { const z = X[i * d + f]! - m; s2 += z * z; }
    best = Math.max(best, s2 / n);
  }
  return best;
}
