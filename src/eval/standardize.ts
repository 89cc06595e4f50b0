// z-scoring with training statistics, as tstr.py does before fitting: (x − mean) / (std + 1e-9),
// std with ddof 0. The scale-sensitive models (LogReg, LinearSVM, MLP, BernoulliNB's threshold at
// 0) then see the same inputs as in scikit-learn; the tree models are unaffected.

export interface Standardizer {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  apply(X: Float32Array, n: number): Float32Array;
}

export function fitStandardizer(X: Float32Array, n: number, d: number): Standardizer {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += X[i * d + f]!;
  for (let f = 0; f < d; f++) mean[f] = mean[f]! / n;
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) { const z = X[i * d + f]! - mean[f]!; scale[f] += z * z; }
  for (let f = 0; f < d; f++) scale[f] = Math.sqrt(scale[f]! / n) + 1e-9;
  return {
    mean,
    scale,
    apply(A, rows) {
      const out = new Float32Array(rows * d);
      for (let i = 0; i < rows; i++) for (let f = 0; f < d; f++) out[i * d + f] = (A[i * d + f]! - mean[f]!) / scale[f]!;
      return out;
    },
  };
}
