// sklearn LinearSVC(): squared hinge loss, L2, C = 1, solved in the dual by coordinate descent with
// shrinking (liblinear's solver for L2-loss SVC, tol 1e-4, at most 1000 passes); the intercept is an
// extra constant feature 1 and is regularized, as liblinear's intercept_scaling = 1. k > 2 is
// one-vs-rest. Scores are decision values ([−f, f] for k = 2), like sklearn's decision_function.
import type { ClassifierSpec, Rng } from '../types.js';
import type { ModeSparseMatrix } from '../mode-sparse.js';
import { checkRows, fitted } from './common.js';

export interface LinearSvmOptions {
  C?: number;
  /** 'squared_hinge' (sklearn's default) or 'hinge'. */
  loss?: 'squared_hinge' | 'hinge';
  tolerance?: number;
  maxIterations?: number;
}

export function linearSvm(options: LinearSvmOptions = {}): ClassifierSpec {
  const name = 'LinearSVM';
  const C = options.C ?? 1;
  const squared = (options.loss ?? 'squared_hinge') === 'squared_hinge';
  const tol = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 1000;
  return {
    name,
    scoreKind: 'decision',
    create() {
      let model: { W: Float64Array; b: Float64Array; m: number; d: number; k: number } | undefined;
      return {
        fit(train, rng) {
          const { n, d, y, k } = train;
          const S = train.sparse();
          const m = k === 2 ? 1 : k;
          const W = new Float64Array(m * d);
          const b = new Float64Array(m);
          const sign = new Float64Array(n);
          for (let c = 0; c < m; c++) {
            const positive = m === 1 ? 1 : c;
            for (let i = 0; i < n; i++) sign[i] = y[i] === positive ? 1 : -1;
            const solution = solveDual(S, sign, squared ? Infinity : C, squared ? 0.5 / C : 0, tol, maxIterations, rng);
            W.set(solution.w, c * d);
            b[c] = solution.b;
          }
          model = { W, b, m, d, k };
        },
        predictScores(X, n) {
          const { W, b, m, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          const out = new Float64Array(n * k);
          for (let i = 0; i < n; i++) {
            for (let c = 0; c < m; c++) {
              let s = b[c]!;
              for (let f = 0; f < d; f++) s += X[i * d + f]! * W[c * d + f]!;
              if (m === 1) { out[2 * i] = -s; out[2 * i + 1] = s; } else out[i * k + c] = s;
            }
          }
          return out;
        },
      };
    },
  };
}

/** liblinear's solve_l2r_l1l2_svc. Rows are x̃_i = [x_i, 1] = m̃ + s_i with m̃ = [base, 1]; the
 * weights are kept as w = v + c·m̃ so that each coordinate step touches only s_i's entries. */
function solveDual(
  S: ModeSparseMatrix, sign: Float64Array, upper: number, diag: number, tol: number, maxIterations: number, rng: Rng,
): { w: Float64Array; b: number } {
  const { n, d, base, rowPtr, col, val } = S;
  let mm = 1; // m̃·m̃ (the bias coordinate contributes 1)
  for (let f = 0; f < d; f++) mm += base[f]! * base[f]!;
  const ms = new Float64Array(n); // m̃·s_i
  const qd = new Float64Array(n); // x̃_i·x̃_i + diag
  for (let i = 0; i < n; i++) {
    let a = 0, q = 0;
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) { a += base[col[e]!]! * val[e]!; q += val[e]! * val[e]!; }
    ms[i] = a;
    qd[i] = diag + mm + 2 * a + q;
  }
  const v = new Float64Array(d);
  let c = 0, vm = 0; // w = v + c·m̃ ; vm = v·m̃
  const alpha = new Float64Array(n);
  const index = Int32Array.from({ length: n }, (_, i) => i);
  let active = n;
  let pgMaxOld = Infinity, pgMinOld = -Infinity;
  for (let iter = 0; iter < maxIterations; iter++) {
    let pgMax = -Infinity, pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + rng.int(active - s);
      const t = index[s]!; index[s] = index[j]!; index[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s]!;
      const yi = sign[i]!;
      let wx = vm + c * (mm + ms[i]!);
      for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) wx += v[col[e]!]! * val[e]!;
      const G = yi * wx - 1 + alpha[i]! * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (G > pgMaxOld) { // shrink: this bound variable is unlikely to move
          active--;
          index[s] = index[active]!; index[active] = i;
          s--;
          continue;
        } else if (G < 0) pg = G;
      } else if (alpha[i] === upper) {
        if (G < pgMinOld) {
          active--;
          index[s] = index[active]!; index[active] = i;
          s--;
          continue;
        } else if (G > 0) pg = G;
      } else pg = G;
      pgMax = Math.max(pgMax, pg);
      pgMin = Math.min(pgMin, pg);
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i]!;
        alpha[i] = Math.min(Math.max(old - G / qd[i]!, 0), upper);
        const delta = (alpha[i]! - old) * yi;
        c += delta;
        vm += delta * ms[i]!;
        for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) v[col[e]!] += delta * val[e]!;
      }
    }
    if (pgMax - pgMin <= tol) {
      if (active === n) break;
      active = n; pgMaxOld = Infinity; pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
  }
  const w = new Float64Array(d);
  for (let f = 0; f < d; f++) w[f] = v[f]! + c * base[f]!;
  return { w, b: c };
}
