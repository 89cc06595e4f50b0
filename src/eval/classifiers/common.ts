// Small guards shared by the classifiers.

/** The fitted state, or a programming-error exception when predict comes before fit. */
export function fitted<T>(state: T | undefined, name: string): T {
  if (state === undefined) throw new Error(`${name}: predictScores was called before fit.`);
  return state;
}

/** The feature count of a row-major matrix of n rows, checked against the fitted one. */
export function checkRows(X: Float32Array, n: number, d: number, name: string): void {
  if (X.length !== n * d) throw new RangeError(`${name}: expected ${n} rows × ${d} features = ${n * d} values, got ${X.length}.`);
}

/** Row-wise softmax in place over an n×k matrix. */
export function softmaxRows(z: Float64Array, n: number, k: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, z[o + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) { const e = Math.exp(z[o + c]! - max); z[o + c] = e; sum += e; }
    for (let c = 0; c < k; c++) z[o + c] = z[o + c]! / sum;
  }
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Row-wise exp(z − logsumexp(z)) in place: sklearn's predict_proba for the naive Bayes models.
 * Same as softmax mathematically, but it saturates to exactly 1 at the same point as sklearn, which
 * matters for ROC-AUC when thousands of rows sit at probability 1. */
export function expNormalizeRows(z: Float64Array, n: number, k: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, z[o + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(z[o + c]! - max);
    const lse = Math.log(sum) + max;
    for (let c = 0; c < k; c++) z[o + c] = Math.exp(z[o + c]! - lse);
  }
}

/**
 * Summed log-loss of scores Z ([n, m]: m = 1 binary logits, else multinomial) for labels y, with
 * its gradient G = ∂(loss/n)/∂Z written in place; the caller divides the loss by n.
 */
export function logisticLoss(Z: ArrayLike<number>, y: Int32Array, n: number, m: number, G: { [i: number]: number }): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    if (m === 1) {
      const z = Z[i]!, yi = y[i] === 1 ? 1 : 0;
      loss += softplus(z) - yi * z;
      G[i] = (sigmoid(z) - yi) / n;
      continue;
    }
    const o = i * m;
    let max = -Infinity;
    for (let c = 0; c < m; c++) max = Math.max(max, Z[o + c]!);
    let sum = 0;
    for (let c = 0; c < m; c++) sum += Math.exp(Z[o + c]! - max);
    loss += max + Math.log(sum) - Z[o + y[i]!]!;
    for (let c = 0; c < m; c++) G[o + c] = (Math.exp(Z[o + c]! - max) / sum - (c === y[i] ? 1 : 0)) / n;
  }
  return loss;
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
