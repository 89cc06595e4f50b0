// sklearn BernoulliNB(): features binarized as x > binarize (0.0 by default, which on the driver's
// standardized features means "above the training mean", exactly as tstr.py), Laplace smoothing
// alpha = 1, empirical class priors.
import type { ClassifierSpec } from '../types.js';
import { checkRows, expNormalizeRows, fitted } from './common.js';

export interface BernoulliNbOptions {
  alpha?: number;
  binarize?: number;
}

export function bernoulliNb(options: BernoulliNbOptions = {}): ClassifierSpec {
  const name = 'BernoulliNB';
  const alpha = Math.max(options.alpha ?? 1, 1e-10); // sklearn clips alpha below 1e-10
  const threshold = options.binarize ?? 0;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { logP: Float64Array; logQ: Float64Array; base: Float64Array; d: number; k: number } | undefined;
      return {
        fit(train) {
          const { X, n, d, y, k } = train;
          const count = new Float64Array(k);
          const ones = new Float64Array(k * d);
          for (let i = 0; i < n; i++) {
            const c = y[i]!;
            count[c]!++;
            for (let f = 0; f < d; f++) if (X[i * d + f]! > threshold) ones[c * d + f]!++;
          }
          const logP = new Float64Array(k * d); // log P(x_f = 1 | c)
          const logQ = new Float64Array(k * d); // log P(x_f = 0 | c)
          const base = new Float64Array(k); // log prior + Σ_f log P(x_f = 0 | c)
          for (let c = 0; c < k; c++) {
            base[c] = Math.log(count[c]! / n);
            for (let f = 0; f < d; f++) {
              const lp = Math.log(ones[c * d + f]! + alpha) - Math.log(count[c]! + 2 * alpha);
              logP[c * d + f] = lp;
              logQ[c * d + f] = Math.log1p(-Math.exp(lp));
              base[c] += logQ[c * d + f]!;
            }
          }
          model = { logP, logQ, base, d, k };
        },
        predictScores(X, n) {
          const { logP, logQ, base, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          const out = new Float64Array(n * k);
          for (let i = 0; i < n; i++) {
            for (let c = 0; c < k; c++) {
              let s = base[c]!;
              for (let f = 0; f < d; f++) if (X[i * d + f]! > threshold) s += logP[c * d + f]! - logQ[c * d + f]!;
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
