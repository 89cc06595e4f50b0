// Linear models fitted by full-batch L-BFGS whose two big products, X·W and Xᵀ·G, run on the
// engine (XNNPACK GEMMs, ~20× faster than JS loops on dense pixels); the objective, its gradient
// and L-BFGS itself stay in float64 JS. Two objectives, both scaled by 1/(C·n) as in
// logistic-regression.ts (same minimizer as sklearn's C·Σloss + ½‖w‖²):
// - logistic: sklearn LogisticRegression (L2, C, unpenalized intercept; binary for k = 2,
//   multinomial for k > 2);
// - SVM: sklearn LinearSVC's one-vs-rest L2-regularized hinge loss with liblinear's regularized
//   intercept, with the hinge smoothed quadratically within `smoothing` of the margin, so that
//   L-BFGS applies (liblinear's exact dual solver needs thousands of passes on raw pixels).
// Both stop after `maxIterations` or when max |gradient| ≤ tolerance, measured on the mean objective
// (privkit's shortcut) or, with `toleranceOn: 'sum'`, on the summed objective scikit-learn < 1.4
// (the papers' era) tests: Σloss + ½‖w‖²/C for LogisticRegression (n times ours), ½‖w‖² + C·Σloss
// for LinearSVC (C·n times ours; liblinear itself stops on a dual test, so there only the scale matches).
// They also stop when the float32 products leave no measurable decrease (lbfgs.ts's 'line-search' and
// 'no-progress'), which on the sets checked came well before a summed gradient of 1e-4; `fitEnd()`
// says which test ended a fit.
import * as tf from '../../engine/tf.js';
import { LBFGS_RELATIVE_DECREASE_FLOOR, minimizeLbfgs, type LbfgsStop } from '../linear/lbfgs.js';
import { checkRows, fitted, logisticLoss, sigmoid, softmaxRows } from '../classifiers/common.js';
import type { ClassifierSpec, FitEnd } from '../types.js';

export interface EngineLogisticOptions {
  C?: number;
  /** L-BFGS iterations at most (default 100). */
  maxIterations?: number;
  /** Stop when max |gradient| ≤ this (sklearn's tol; default 1e-4). */
  tolerance?: number;
  /** Which objective `tolerance` is measured on: 'mean' (default) or 'sum', the summed objective of
   * scikit-learn < 1.4 (see the file comment), which makes LogReg's gradient test sklearn's. */
  toleranceOn?: 'mean' | 'sum';
  name?: string;
}

export interface EngineSvmOptions extends EngineLogisticOptions {
  /** Width of the quadratic part of the smoothed hinge (default 0.5; → 0 is the hinge). */
  smoothing?: number;
}

interface LinearModel { W: Float64Array; b: Float64Array; m: number; d: number; k: number; fit: FitEnd }

const STOP_WORDS: Record<LbfgsStop, string> = {
  gradient: 'the gradient test',
  'no-progress': `a step that decreased the objective by at most ${LBFGS_RELATIVE_DECREASE_FLOOR} (relative)`,
  'line-search': 'a line search that found no measurable decrease',
  'max-iterations': 'the iteration cap',
};

/** One line for reports: which test ended the L-BFGS fit, after how many iterations. */
export function describeFitEnd(f: FitEnd): string {
  return `stopped by ${STOP_WORDS[f.stop]} after ${f.iterations.toLocaleString('en-US')} L-BFGS iterations (max |gradient| ${f.gradient.toExponential(1)} on the ${f.on === 'sum' ? 'summed' : 'mean'} objective; tolerance ${f.tolerance.toExponential(1)})`;
}

/** Multinomial (k > 2) or binary logistic regression on the engine. */
export function engineLogisticRegression(options: EngineLogisticOptions = {}): ClassifierSpec {
  const name = options.name ?? 'LogReg';
  const C = options.C ?? 1;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: LinearModel | undefined;
      return {
        fit(train) {
          const { n, y, k } = train;
          const m = k === 2 ? 1 : k;
          model = fitLinear(train.X, n, train.d, m, 1 / (C * n), false, { ...options, sumScale: n }, (Z, G) => logisticLoss(Z, y, n, m, G) / n, k);
        },
        fitEnd: () => model?.fit,
        predictScores(X, n) {
          const mdl = fitted(model, name);
          const z = linearScores(mdl, X, n, name);
          if (mdl.m > 1) { softmaxRows(z, n, mdl.k); return z; }
          const out = new Float64Array(n * 2);
          for (let i = 0; i < n; i++) { const p = sigmoid(z[i]!); out[2 * i] = 1 - p; out[2 * i + 1] = p; }
          return out;
        },
      };
    },
  };
}

/** One-vs-rest linear SVM (smoothed hinge, regularized intercept) on the engine. */
export function engineLinearSvm(options: EngineSvmOptions = {}): ClassifierSpec {
  const name = options.name ?? 'LinearSVM';
  const C = options.C ?? 1;
  const delta = options.smoothing ?? 0.5;
  if (!(delta > 0)) throw new RangeError(`${name}: smoothing must be positive, got ${delta}.`);
  return {
    name,
    scoreKind: 'decision',
    create() {
      let model: LinearModel | undefined;
      return {
        fit(train) {
          const { n, y, k } = train;
          const m = k === 2 ? 1 : k;
          model = fitLinear(train.X, n, train.d, m, 1 / (C * n), true, { ...options, sumScale: C * n }, (Z, G) => {
            let loss = 0;
            for (let i = 0; i < n; i++) {
              for (let c = 0; c < m; c++) {
                const positive = m === 1 ? 1 : c;
                const s = y[i] === positive ? 1 : -1;
                const margin = s * Z[i * m + c]!;
                let l = 0, g = 0;
                if (margin >= 1) { l = 0; g = 0; } else if (margin <= 1 - delta) { l = 1 - margin - delta / 2; g = -1; } else {
                  const t = 1 - margin;
                  l = (t * t) / (2 * delta); g = -t / delta;
                }
                loss += l;
                G[i * m + c] = (s * g) / n;
              }
            }
            return loss / n;
          }, k);
        },
        fitEnd: () => model?.fit,
        predictScores(X, n) {
          const mdl = fitted(model, name);
          const z = linearScores(mdl, X, n, name);
          if (mdl.m > 1) return z;
          const out = new Float64Array(n * 2);
          for (let i = 0; i < n; i++) { out[2 * i] = -z[i]!; out[2 * i + 1] = z[i]!; }
          return out;
        },
      };
    },
  };
}

/**
 * Minimizes mean loss + ½·lam·‖W‖² (+ ½·lam·‖b‖² when `penalizeBias`) over W (d×m) and b (m).
 * `loss(Z, G)` gets the n×m scores X·W + b and returns the mean loss, writing ∂(mean loss)/∂Z to G.
 */
function fitLinear(
  X: Float32Array, n: number, d: number, m: number, lam: number, penalizeBias: boolean,
  options: EngineLogisticOptions & { sumScale: number }, loss: (Z: Float32Array, G: Float32Array) => number, k: number,
): LinearModel {
  const G = new Float32Array(n * m);
  const Wf = new Float32Array(d * m), bf = new Float32Array(m);
  const x = tf.tensor2d(X, [n, d]);
  const xT = tf.transpose(x);
  try {
    const evaluate = (theta: Float64Array, grad: Float64Array): number => {
      for (let j = 0; j < d * m; j++) Wf[j] = theta[j]!;
      for (let c = 0; c < m; c++) bf[c] = theta[d * m + c]!;
      const z = tf.tidy(() => tf.add(tf.matMul(x, tf.tensor2d(Wf, [d, m])), tf.tensor1d(bf)));
      const Z = z.dataSync() as Float32Array;
      const value = loss(Z, G);
      z.dispose();
      const gW = tf.tidy(() => tf.matMul(xT, tf.tensor2d(G, [n, m])));
      const gWv = gW.dataSync();
      gW.dispose();
      let penalty = 0;
      for (let j = 0; j < d * m; j++) {
        const w = theta[j]!;
        penalty += w * w;
        grad[j] = gWv[j]! + lam * w;
      }
      for (let c = 0; c < m; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += G[i * m + c]!;
        const b = theta[d * m + c]!;
        if (penalizeBias) penalty += b * b;
        grad[d * m + c] = s + (penalizeBias ? lam * b : 0);
      }
      return value + 0.5 * lam * penalty;
    };
    // sumScale: the summed objective over ours, so a tolerance on its gradient is ours × 1/sumScale
    const on = options.toleranceOn ?? 'mean';
    const scale = on === 'sum' ? options.sumScale : 1;
    const tolerance = options.tolerance ?? 1e-4;
    const result = minimizeLbfgs(evaluate, new Float64Array(d * m + m), {
      maxIterations: options.maxIterations ?? 100, gradientTolerance: tolerance / scale,
    });
    const fit: FitEnd = { iterations: result.iterations, stop: result.stop, gradient: result.gradientMaxAbs * scale, tolerance, on };
    return { W: result.x.slice(0, d * m), b: result.x.slice(d * m), m, d, k, fit };
  } finally {
    tf.dispose([x, xT]);
  }
}

/** n×m scores X·W + b, on the engine. */
function linearScores(model: LinearModel, X: Float32Array, n: number, name: string): Float64Array {
  const { W, b, m, d } = model;
  checkRows(X, n, d, name);
  const z = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(X, [n, d]), tf.tensor2d(Float32Array.from(W), [d, m])), tf.tensor1d(Float32Array.from(b))));
  const out = Float64Array.from(z.dataSync());
  z.dispose();
  return out;
}
