// sklearn MLPClassifier(max_iter=300) as tstr.py runs it: one hidden layer of 100 ReLU units,
// logistic (k = 2) or softmax output, log-loss + L2 (alpha 1e-4), Adam (lr 1e-3, β 0.9/0.999,
// ε 1e-8), minibatches of min(200, n) shuffled each epoch, Glorot-uniform init, and sklearn's stop
// rule (10 epochs without the training loss improving by tol 1e-4). Epochs are capped lower than
// sklearn's 300 (see maxEpochs) to keep the evaluation fast. The first layer uses the sparse
// baseline + deviation form of X, which is exact and several times cheaper on one-hot data.
import type { ClassifierSpec } from '../types.js';
import { axpy } from '../linear/axpy.js';
import { sparseAgainst, type ModeSparseMatrix } from '../mode-sparse.js';
import { checkRows, fitted } from './common.js';

export interface MlpOptions {
  hidden?: number;
  /** Upper bound on epochs (sklearn's max_iter is 300; default 60). */
  maxEpochs?: number;
  learningRate?: number;
  alpha?: number;
  batchSize?: number;
  tolerance?: number;
  noImprovementEpochs?: number;
}

interface MlpModel {
  W1: Float64Array; b1: Float64Array; W2: Float64Array; b2: Float64Array;
  base: Float64Array; d: number; k: number; h: number; m: number;
  epochs: number;
}

const LOG_EPS = 2.220446049250313e-16;

export function mlp(options: MlpOptions = {}): ClassifierSpec {
  const name = 'MLP';
  const h = options.hidden ?? 100;
  const maxEpochs = options.maxEpochs ?? 60;
  const lr = options.learningRate ?? 1e-3;
  const alpha = options.alpha ?? 1e-4;
  const tol = options.tolerance ?? 1e-4;
  const patience = options.noImprovementEpochs ?? 10;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: MlpModel | undefined;
      return {
        fit(train, rng) {
          const { n, d, y, k } = train;
          const S = train.sparse();
          const m = k === 2 ? 1 : k;
          const bound1 = Math.sqrt(6 / (d + h)), bound2 = Math.sqrt(6 / (h + m));
          const uniform = (size: number, bound: number): Float64Array => Float64Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
          // sklearn draws each layer's weights then its biases
          const W1 = uniform(d * h, bound1), b1 = uniform(h, bound1);
          const W2 = uniform(h * m, bound2), b2 = uniform(m, bound2);
          const params = [W1, b1, W2, b2];
          const grads = params.map((p) => new Float64Array(p.length));
          const [gW1, gb1, gW2, gb2] = grads as [Float64Array, Float64Array, Float64Array, Float64Array];
          const adamM = params.map((p) => new Float64Array(p.length));
          const adamV = params.map((p) => new Float64Array(p.length));
          const B = Math.min(options.batchSize ?? 200, n);
          const z1 = new Float64Array(B * h), a1 = new Float64Array(B * h), out = new Float64Array(B * m);
          const d2 = new Float64Array(B * m), d1 = new Float64Array(B * h);
          const c1 = new Float64Array(h), sumD1 = new Float64Array(h);
          const order = Int32Array.from({ length: n }, (_, i) => i);
          let step = 0, best = Infinity, stale = 0, epoch = 0;
          for (; epoch < maxEpochs; epoch++) {
            for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
            let epochLoss = 0;
            for (let start = 0; start < n; start += B) {
              const nb = Math.min(B, n - start);
              const batchLoss = forward(S, order, start, nb, W1, b1, W2, b2, d, h, m, c1, z1, a1, out, y, d2);
              let wsq = 0;
              for (let j = 0; j < W1.length; j++) wsq += W1[j]! * W1[j]!;
              for (let j = 0; j < W2.length; j++) wsq += W2[j]! * W2[j]!;
              epochLoss += (batchLoss / nb + (0.5 * alpha * wsq) / nb) * nb;
              // Output layer: gW2 = (a1ᵀ d2 + αW2)/nb, gb2 = mean d2; hidden delta d1 = d2 W2ᵀ ⊙ relu'.
              gW2.fill(0); gb2.fill(0); sumD1.fill(0);
              for (let r = 0; r < nb; r++) {
                for (let o = 0; o < m; o++) {
                  const g = d2[r * m + o]!;
                  gb2[o] += g;
                  for (let u = 0; u < h; u++) gW2[u * m + o] += a1[r * h + u]! * g;
                }
                for (let u = 0; u < h; u++) {
                  let s = 0;
                  if (z1[r * h + u]! > 0) for (let o = 0; o < m; o++) s += d2[r * m + o]! * W2[u * m + o]!;
                  d1[r * h + u] = s;
                  sumD1[u] += s;
                }
              }
              // First layer: Xᵀd1 = base ⊗ Σd1 + Σ_r s_r ⊗ d1_r.
              for (let f = 0; f < d; f++) {
                const bf = S.base[f]!;
                for (let u = 0; u < h; u++) gW1[f * h + u] = bf * sumD1[u]!;
              }
              for (let r = 0; r < nb; r++) {
                const row = order[start + r]!;
                for (let e = S.rowPtr[row]!; e < S.rowPtr[row + 1]!; e++) axpy(S.val[e]!, d1, r * h, gW1, S.col[e]! * h, h);
              }
              for (let j = 0; j < W1.length; j++) gW1[j] = (gW1[j]! + alpha * W1[j]!) / nb;
              for (let j = 0; j < W2.length; j++) gW2[j] = (gW2[j]! + alpha * W2[j]!) / nb;
              for (let u = 0; u < h; u++) gb1[u] = sumD1[u]! / nb;
              for (let o = 0; o < m; o++) gb2[o] = gb2[o]! / nb;
              step++;
              const lrT = (lr * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
              for (let p = 0; p < params.length; p++) {
                const w = params[p]!, g = grads[p]!, mm = adamM[p]!, vv = adamV[p]!;
                for (let j = 0; j < w.length; j++) {
                  const gj = g[j]!;
                  mm[j] = 0.9 * mm[j]! + 0.1 * gj;
                  vv[j] = 0.999 * vv[j]! + 0.001 * gj * gj;
                  w[j] = w[j]! - (lrT * mm[j]!) / (Math.sqrt(vv[j]!) + 1e-8);
                }
              }
            }
            epochLoss /= n;
            // sklearn's _update_no_improvement_count (no early stopping set aside)
            if (epochLoss > best - tol) stale++;
            else stale = 0;
            if (epochLoss < best) best = epochLoss;
            if (stale > patience) { epoch++; break; }
          }
          model = { W1, b1, W2, b2, base: S.base, d, k, h, m, epochs: epoch };
        },
        predictScores(X, n) {
          const mdl = fitted(model, name);
          const { W1, b1, W2, b2, base, d, k, h, m } = mdl;
          checkRows(X, n, d, name);
          const S = sparseAgainst(X, n, d, base);
          const order = Int32Array.from({ length: n }, (_, i) => i);
          const result = new Float64Array(n * k);
          const chunk = 256;
          const z1 = new Float64Array(chunk * h), a1 = new Float64Array(chunk * h), out = new Float64Array(chunk * m);
          const c1 = new Float64Array(h);
          for (let start = 0; start < n; start += chunk) {
            const nb = Math.min(chunk, n - start);
            forward(S, order, start, nb, W1, b1, W2, b2, d, h, m, c1, z1, a1, out, null, null);
            for (let r = 0; r < nb; r++) {
              const i = start + r;
              if (m === 1) { result[2 * i] = 1 - out[r]!; result[2 * i + 1] = out[r]!; }
              else for (let c = 0; c < k; c++) result[i * k + c] = out[r * m + c]!;
            }
          }
          return result;
        },
      };
    },
  };
}

/** Forward pass of rows order[start..start+nb); with labels, also the summed log-loss and the
 * output delta (probability − target) in d2. */
function forward(
  S: ModeSparseMatrix, order: Int32Array, start: number, nb: number,
  W1: Float64Array, b1: Float64Array, W2: Float64Array, b2: Float64Array, d: number, h: number, m: number,
  c1: Float64Array, z1: Float64Array, a1: Float64Array, out: Float64Array, y: Int32Array | null, d2: Float64Array | null,
): number {
  c1.set(b1);
  for (let f = 0; f < d; f++) {
    const bf = S.base[f]!;
    if (bf !== 0) for (let u = 0; u < h; u++) c1[u] += bf * W1[f * h + u]!;
  }
  let loss = 0;
  for (let r = 0; r < nb; r++) {
    const row = order[start + r]!;
    const o1 = r * h;
    for (let u = 0; u < h; u++) z1[o1 + u] = c1[u]!;
    for (let e = S.rowPtr[row]!; e < S.rowPtr[row + 1]!; e++) axpy(S.val[e]!, W1, S.col[e]! * h, z1, o1, h);
    for (let u = 0; u < h; u++) a1[o1 + u] = z1[o1 + u]! > 0 ? z1[o1 + u]! : 0;
    const o2 = r * m;
    let max = -Infinity;
    for (let o = 0; o < m; o++) {
      let s = b2[o]!;
      for (let u = 0; u < h; u++) s += a1[o1 + u]! * W2[u * m + o]!;
      out[o2 + o] = s;
      max = Math.max(max, s);
    }
    if (m === 1) {
      const z = out[o2]!;
      out[o2] = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    } else {
      let sum = 0;
      for (let o = 0; o < m; o++) { const e = Math.exp(out[o2 + o]! - max); out[o2 + o] = e; sum += e; }
      for (let o = 0; o < m; o++) out[o2 + o] = out[o2 + o]! / sum;
    }
    if (y !== null && d2 !== null) {
      const label = y[row]!;
      for (let o = 0; o < m; o++) {
        const target = m === 1 ? (label === 1 ? 1 : 0) : (label === o ? 1 : 0);
        const p = Math.min(Math.max(out[o2 + o]!, LOG_EPS), 1 - LOG_EPS);
        if (m === 1) loss -= target * Math.log(p) + (1 - target) * Math.log(1 - p);
        else if (target === 1) loss -= Math.log(p);
        d2[o2 + o] = out[o2 + o]! - target;
      }
    }
  }
  return loss;
}
