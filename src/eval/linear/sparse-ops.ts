// Products with X = 1·baseᵀ + S (see mode-sparse.ts) for the linear models and the MLP.
import type { ModeSparseMatrix } from '../mode-sparse.js';

/** out (n×m) = X·W + 1·biasᵀ, with W row-major d×m. */
export function multiply(S: ModeSparseMatrix, W: Float64Array, bias: Float64Array, m: number, out: Float64Array): void {
  const { n, d, base, rowPtr, col, val } = S;
  const c = Float64Array.from(bias);
  for (let f = 0; f < d; f++) {
    const bf = base[f]!;
    if (bf !== 0) for (let j = 0; j < m; j++) c[j] += bf * W[f * m + j]!;
  }
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let j = 0; j < m; j++) out[o + j] = c[j]!;
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) {
      const v = val[e]!, w = col[e]! * m;
      for (let j = 0; j < m; j++) out[o + j] += v * W[w + j]!;
    }
  }
}

/** out (d×m) = Xᵀ·G for G row-major n×m; also returns the column sums of G (the bias gradient). */
export function multiplyTransposed(S: ModeSparseMatrix, G: Float64Array, m: number, out: Float64Array): Float64Array {
  const { n, d, base, rowPtr, col, val } = S;
  const colSum = new Float64Array(m);
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let j = 0; j < m; j++) colSum[j] += G[o + j]!;
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) {
      const v = val[e]!, w = col[e]! * m;
      for (let j = 0; j < m; j++) out[w + j] += v * G[o + j]!;
    }
  }
  for (let f = 0; f < d; f++) {
    const bf = base[f]!;
    if (bf !== 0) for (let j = 0; j < m; j++) out[f * m + j] += bf * colSum[j]!;
  }
  return colSum;
}

/** out (n×m) = X·W + bias for a dense row-major X (prediction on new rows). */
export function denseMultiply(X: Float32Array, n: number, d: number, W: Float64Array, bias: Float64Array, m: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let j = 0; j < m; j++) out[o + j] = bias[j]!;
    for (let f = 0; f < d; f++) {
      const x = X[i * d + f]!;
      if (x === 0) continue;
      for (let j = 0; j < m; j++) out[o + j] += x * W[f * m + j]!;
    }
  }
}
