// sklearn LinearDiscriminantAnalysis() with its default 'svd' solver: pooled within-class covariance
// of standardized features, directions with singular value ≤ 1e-4 dropped (so collinear one-hot
// blocks are fine), then the between-class rank reduction, giving sklearn's coef_/intercept_.
// The SVDs are done as eigen-decompositions of the small Gram matrices.
import type { ClassifierSpec } from '../types.js';
import { symmetricEigen } from '../linear/symmetric-eigen.js';
import { denseMultiply } from '../linear/sparse-ops.js';
import { checkRows, fitted, sigmoid, softmaxRows } from './common.js';

export interface LdaOptions {
  /** Singular values at or below this are treated as zero (sklearn's tol). */
  tolerance?: number;
}

export function lda(options: LdaOptions = {}): ClassifierSpec {
  const name = 'LDA';
  const tol = options.tolerance ?? 1e-4;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { W: Float64Array; b: Float64Array; m: number; d: number; k: number } | undefined;
      return {
        fit(train) {
          const { n, d, y, k } = train;
          const S = train.sparse();
          const count = new Float64Array(k);
          for (let i = 0; i < n; i++) count[y[i]!]!++;
          const prior = Float64Array.from(count, (c) => c / n);
          // Class means and Σ x xᵀ from X = 1·baseᵀ + S.
          const means = new Float64Array(k * d);
          const sumS = new Float64Array(d);
          const xx = new Float64Array(d * d);
          for (let i = 0; i < n; i++) {
            const c = y[i]!;
            for (let f = 0; f < d; f++) means[c * d + f] += S.base[f]!;
            for (let e = S.rowPtr[i]!; e < S.rowPtr[i + 1]!; e++) {
              const f = S.col[e]!, v = S.val[e]!;
              means[c * d + f] += v;
              sumS[f] += v;
              for (let e2 = S.rowPtr[i]!; e2 < S.rowPtr[i + 1]!; e2++) xx[f * d + S.col[e2]!] += v * S.val[e2]!;
            }
          }
          for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) means[c * d + f] = means[c * d + f]! / Math.max(count[c]!, 1);
          // Within-class scatter Sw = Σ x xᵀ − Σ_c n_c μ_c μ_cᵀ.
          const sw = new Float64Array(d * d);
          for (let f = 0; f < d; f++) {
            for (let g = 0; g < d; g++) {
              let v = xx[f * d + g]! + n * S.base[f]! * S.base[g]! + S.base[f]! * sumS[g]! + sumS[f]! * S.base[g]!;
              for (let c = 0; c < k; c++) v -= count[c]! * means[c * d + f]! * means[c * d + g]!;
              sw[f * d + g] = v;
            }
          }
          const std = new Float64Array(d);
          for (let f = 0; f < d; f++) {
            const s = Math.sqrt(Math.max(sw[f * d + f]!, 0) / n);
            std[f] = s === 0 ? 1 : s;
          }
          // X_ = Xc/std/√(n−k): its right singular vectors and values from the eigen pairs of X_ᵀX_.
          const fac = 1 / (n - k);
          const gram = new Float64Array(d * d);
          for (let f = 0; f < d; f++) for (let g = 0; g < d; g++) gram[f * d + g] = (fac * sw[f * d + g]!) / (std[f]! * std[g]!);
          const within = symmetricEigen(gram, d);
          let rank = 0;
          while (rank < d && Math.sqrt(Math.max(within.values[rank]!, 0)) > tol) rank++;
          if (rank === 0) throw new Error('LDA: every feature is constant within classes.');
          const scal = new Float64Array(d * rank); // d×rank
          for (let f = 0; f < d; f++) {
            for (let j = 0; j < rank; j++) scal[f * rank + j] = within.vectors[f * d + j]! / std[f]! / Math.sqrt(within.values[j]!);
          }
          const xbar = new Float64Array(d);
          for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) xbar[f] += prior[c]! * means[c * d + f]!;
          // Between-class matrix (k×rank) and its right singular vectors.
          const fac2 = 1 / (k - 1);
          const between = new Float64Array(k * rank);
          for (let c = 0; c < k; c++) {
            const w = Math.sqrt(n * prior[c]! * fac2);
            for (let j = 0; j < rank; j++) {
              let s = 0;
              for (let f = 0; f < d; f++) s += (means[c * d + f]! - xbar[f]!) * scal[f * rank + j]!;
              between[c * rank + j] = w * s;
            }
          }
          const bGram = new Float64Array(rank * rank);
          for (let a = 0; a < rank; a++) {
            for (let b2 = 0; b2 < rank; b2++) {
              let s = 0;
              for (let c = 0; c < k; c++) s += between[c * rank + a]! * between[c * rank + b2]!;
              bGram[a * rank + b2] = s;
            }
          }
          const betweenEig = symmetricEigen(bGram, rank);
          const top = Math.sqrt(Math.max(betweenEig.values[0]!, 0));
          let rank2 = 0;
          while (rank2 < Math.min(rank, k - 1) && Math.sqrt(Math.max(betweenEig.values[rank2]!, 0)) > tol * top) rank2++;
          rank2 = Math.max(rank2, 1);
          const scal2 = new Float64Array(d * rank2); // scalings @ Vb[:, :rank2]
          for (let f = 0; f < d; f++) {
            for (let j = 0; j < rank2; j++) {
              let s = 0;
              for (let a = 0; a < rank; a++) s += scal[f * rank + a]! * betweenEig.vectors[a * rank + j]!;
              scal2[f * rank2 + j] = s;
            }
          }
          // coef = (μ_c − x̄)·scal2 ; intercept = −½‖coef‖² + log prior ; coef ← coef·scal2ᵀ ; intercept −= x̄·coef
          const coef = new Float64Array(k * d);
          const icpt = new Float64Array(k);
          for (let c = 0; c < k; c++) {
            const z = new Float64Array(rank2);
            for (let j = 0; j < rank2; j++) {
              let s = 0;
              for (let f = 0; f < d; f++) s += (means[c * d + f]! - xbar[f]!) * scal2[f * rank2 + j]!;
              z[j] = s;
            }
            let sq = 0;
            for (let j = 0; j < rank2; j++) sq += z[j]! * z[j]!;
            icpt[c] = -0.5 * sq + Math.log(prior[c]!);
            for (let f = 0; f < d; f++) {
              let s = 0;
              for (let j = 0; j < rank2; j++) s += z[j]! * scal2[f * rank2 + j]!;
              coef[c * d + f] = s;
              icpt[c] -= xbar[f]! * s;
            }
          }
          // Column-major weights (d×m) for denseMultiply; binary keeps one difference column.
          const m = k === 2 ? 1 : k;
          const W = new Float64Array(d * m);
          const b = new Float64Array(m);
          for (let f = 0; f < d; f++) {
            if (m === 1) W[f] = coef[d + f]! - coef[f]!;
            else for (let c = 0; c < k; c++) W[f * m + c] = coef[c * d + f]!;
          }
          if (m === 1) b[0] = icpt[1]! - icpt[0]!;
          else b.set(icpt);
          model = { W, b, m, d, k };
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
