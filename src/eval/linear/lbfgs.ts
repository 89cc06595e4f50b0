// Limited-memory BFGS with a backtracking (Armijo) line search, for the smooth convex objectives of
// logistic regression. Small and dependency-free; the minimizer is unique, so matching sklearn only
// needs convergence, not the same path.

export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when max |gradient| ≤ gradientTolerance. */
  gradientTolerance?: number;
  /** History pairs kept. */
  memory?: number;
}

/** A step whose relative decrease of f is at most this ends the run ('no-progress'). */
export const LBFGS_RELATIVE_DECREASE_FLOOR = 1e-15;
/** Halvings of the step before the line search gives up. */
const LINE_SEARCH_HALVINGS = 60;

/**
 * Which test ended the run: the gradient tolerance; a step that decreased f by at most
 * LBFGS_RELATIVE_DECREASE_FLOOR (relative); a line search that found no strict decrease (f's own
 * rounding, or a wrong gradient, leaves no measurable descent); or the iteration cap.
 */
export type LbfgsStop = 'gradient' | 'no-progress' | 'line-search' | 'max-iterations';

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** Stopped by the gradient test or by a step that no longer decreased f (not by the cap or a failed line search). */
  converged: boolean;
  stop: LbfgsStop;
  /** max |∇f| at the returned x. */
  gradientMaxAbs: number;
}

/** Minimizes f; `evaluate(x, grad)` returns f(x) and writes ∇f(x) into grad. */
export function minimizeLbfgs(evaluate: (x: Float64Array, grad: Float64Array) => number, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIterations = options.maxIterations ?? 1000;
  const gtol = options.gradientTolerance ?? 1e-8;
  const mem = options.memory ?? 10;
  const p = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(p);
  let f = evaluate(x, g);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(p);
  const alpha = new Float64Array(mem);
  const xNew = new Float64Array(p);
  let gNew = new Float64Array(p);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gMax = maxAbs(g);
    if (gMax <= gtol) return ended(x, f, iterations, 'gradient', gMax);
    // Two-loop recursion: dir = -H·g
    for (let j = 0; j < p; j++) dir[j] = -g[j]!;
    for (let h = sHist.length - 1; h >= 0; h--) {
      const a = rho[h]! * dot(sHist[h]!, dir);
      alpha[h] = a;
      axpy(-a, yHist[h]!, dir);
    }
    if (sHist.length > 0) {
      const last = sHist.length - 1;
      const gamma = dot(sHist[last]!, yHist[last]!) / dot(yHist[last]!, yHist[last]!);
      for (let j = 0; j < p; j++) dir[j] = dir[j]! * gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let j = 0; j < p; j++) dir[j] = dir[j]! * scale;
    }
    for (let h = 0; h < sHist.length; h++) {
      const b = rho[h]! * dot(yHist[h]!, dir);
      axpy(alpha[h]! - b, sHist[h]!, dir);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) { // not a descent direction: restart from steepest descent
      sHist.length = 0; yHist.length = 0; rho.length = 0;
      for (let j = 0; j < p; j++) dir[j] = -g[j]!;
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < LINE_SEARCH_HALVINGS; tries++) {
      for (let j = 0; j < p; j++) xNew[j] = x[j]! + step * dir[j]!;
      fNew = evaluate(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    // No strict decrease: Armijo can pass with fNew = f once the step is too small to change f.
    if (!(fNew < f)) return ended(x, f, iterations, 'line-search', gMax);
    const s = new Float64Array(p), yv = new Float64Array(p);
    for (let j = 0; j < p; j++) { s[j] = xNew[j]! - x[j]!; yv[j] = gNew[j]! - g[j]!; }
    const sy = dot(s, yv);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(yv, yv))) {
      if (sHist.length === mem) { sHist.shift(); yHist.shift(); rho.shift(); }
      sHist.push(s); yHist.push(yv); rho.push(1 / sy);
    }
    const stalled = f - fNew <= LBFGS_RELATIVE_DECREASE_FLOOR * Math.max(1, Math.abs(f));
    x = Float64Array.from(xNew);
    [g, gNew] = [gNew, g];
    f = fNew;
    if (stalled) return ended(x, f, iterations + 1, 'no-progress', maxAbs(g));
  }
  const gMax = maxAbs(g);
  return ended(x, f, iterations, gMax <= gtol ? 'gradient' : 'max-iterations', gMax);
}

function ended(x: Float64Array, value: number, iterations: number, stop: LbfgsStop, gradientMaxAbs: number): LbfgsResult {
  return { x, value, iterations, converged: stop === 'gradient' || stop === 'no-progress', stop, gradientMaxAbs };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += a * x[j]!;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]!));
  return m;
}
