// sklearn LinearDiscriminantAnalysis(solver='eigen', shrinkage=s), with the d×d covariance product
// on the engine. sklearn's eigen solver keeps every generalized eigenvector of (Sb, Sw), so its
// coef_ = means·Sw⁻¹ and intercept_ = −½·diag(means·coef_ᵀ) + log priors; Sw is the prior-weighted
// sum of the classes' shrunk covariances, Σ_c π_c·((1 − s)·S_c + s·tr(S_c)/d·I), with S_c the
// class's empirical (ddof 0) covariance. That is (1 − s)·XcᵀXc/n + s·(Σ_c π_c tr(S_c)/d)·I for the
// class-centred rows Xc, which is what is computed here (one GEMM, then a Cholesky solve in
// float64). Probabilities: softmax of the decision values, as sklearn.
import * as tf from '../../engine/tf.js';
import { checkRows, fitted, softmaxRows } from '../classifiers/common.js';
import type { ClassifierSpec } from '../types.js';

const CHUNK = 8192; // rows per Gram-matrix update

export interface EngineLdaOptions {
  /** Shrinkage s in [0, 1] (default 0.5; 0 needs a non-singular within-class covariance). */
  shrinkage?: number;
  name?: string;
}

export function engineLda(options: EngineLdaOptions = {}): ClassifierSpec {
  const name = options.name ?? 'LDA';
  const shrink = options.shrinkage ?? 0.5;
  if (!(shrink >= 0 && shrink <= 1)) throw new RangeError(`${name}: shrinkage must be in [0, 1], got ${shrink}.`);
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { coef: Float64Array; intercept: Float64Array; d: number; k: number } | undefined;
      return {
        fit(train) {
          const { X, n, d, y, k } = train;
          const count = new Float64Array(k);
          const means = new Float64Array(k * d);
          for (let i = 0; i < n; i++) {
            const c = y[i]!, o = i * d, mo = c * d;
            count[c]!++;
            for (let f = 0; f < d; f++) means[mo + f] += X[o + f]!;
          }
          for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) means[c * d + f] = count[c]! > 0 ? means[c * d + f]! / count[c]! : 0;
          // Class-centred rows, their Gram matrix and squared norms (for the traces), in row chunks.
          const meanT = tf.tensor2d(Float32Array.from(means), [k, d]);
          let gram = tf.zeros([d, d]);
          const sq = new Float32Array(n);
          let G: ArrayLike<number>;
          try {
            for (let start = 0; start < n; start += CHUNK) {
              const rows = Math.min(CHUNK, n - start);
              const [next, norms] = tf.tidy(() => {
                const centred = tf.sub(tf.tensor2d(X.subarray(start * d, (start + rows) * d), [rows, d]), tf.gather(meanT, tf.tensor1d(y.subarray(start, start + rows), 'int32')));
                return [tf.add(gram, tf.matMul(tf.transpose(centred), centred)), tf.sum(tf.square(centred), 1)];
              });
              gram.dispose();
              gram = next;
              sq.set(norms.dataSync(), start);
              norms.dispose();
            }
            G = gram.dataSync();
          } finally {
            tf.dispose([gram, meanT]);
          }
          const trace = new Float64Array(k); // n_c · tr(S_c)
          for (let i = 0; i < n; i++) trace[y[i]!] += sq[i]!;
          let mu = 0; // Σ_c π_c tr(S_c) / d
          for (let c = 0; c < k; c++) if (count[c]! > 0) mu += trace[c]! / n / d;
          const sw = new Float64Array(d * d);
          for (let f = 0; f < d; f++) {
            for (let g = 0; g < d; g++) sw[f * d + g] = ((1 - shrink) * (G[f * d + g]! + G[g * d + f]!)) / (2 * n);
            sw[f * d + f] += shrink * mu;
          }
          const L = cholesky(sw, d);
          if (!L) throw new Error('LDA: the within-class covariance is singular (constant pixels); use a shrinkage above 0.');
          const coef = new Float64Array(k * d);
          const intercept = new Float64Array(k);
          for (let c = 0; c < k; c++) {
            const row = solveCholesky(L, d, means.subarray(c * d, (c + 1) * d));
            coef.set(row, c * d);
            let dot = 0;
            for (let f = 0; f < d; f++) dot += means[c * d + f]! * row[f]!;
            intercept[c] = -0.5 * dot + Math.log(count[c]! / n);
          }
          model = { coef, intercept, d, k };
        },
        predictScores(X, n) {
          const { coef, intercept, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          const z = tf.tidy(() => tf.add(
            tf.matMul(tf.tensor2d(X, [n, d]), tf.tensor2d(Float32Array.from(coef), [k, d]), false, true),
            tf.tensor1d(Float32Array.from(intercept)),
          ));
          const out = Float64Array.from(z.dataSync());
          z.dispose();
          softmaxRows(out, n, k);
          return out;
        },
      };
    },
  };
}

/** Lower-triangular L with A = L·Lᵀ (row-major), or undefined when A is not positive definite. */
export function cholesky(A: Float64Array, d: number): Float64Array | undefined {
  const L = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j]!;
    for (let p = 0; p < j; p++) s -= L[j * d + p]! * L[j * d + p]!;
    if (!(s > 0)) return undefined;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j]!;
      const li = i * d, lj = j * d;
      for (let p = 0; p < j; p++) t -= L[li + p]! * L[lj + p]!;
      L[i * d + j] = t / ljj;
    }
  }
  return L;
}

/** x with L·Lᵀ·x = b. */
export function solveCholesky(L: Float64Array, d: number, b: ArrayLike<number>): Float64Array {
  const z = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let s = z[i]!;
    for (let p = 0; p < i; p++) s -= L[i * d + p]! * z[p]!;
    z[i] = s / L[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let p = i + 1; p < d; p++) s -= L[p * d + i]! * z[p]!;
    z[i] = s / L[i * d + i]!;
  }
  return z;
}
