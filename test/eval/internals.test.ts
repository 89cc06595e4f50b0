// The numerical building blocks: binning, the sparse view, the eigen-solver and L-BFGS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { binColumns, binOf } from '../../src/eval/binning.js';
import { profileColumns } from '../../src/eval/column-profile.js';
import { minimizeLbfgs } from '../../src/eval/linear/lbfgs.js';
import { denseMultiply, multiply, multiplyTransposed } from '../../src/eval/linear/sparse-ops.js';
import { symmetricEigen } from '../../src/eval/linear/symmetric-eigen.js';
import { modeSparse } from '../../src/eval/mode-sparse.js';

function mixedMatrix(n: number, seed: number): { X: Float32Array; d: number } {
  const rng = createRng(seed);
  const d = 4;
  const X = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    X[i * d] = rng.uniform(); // continuous
    X[i * d + 1] = rng.uniform() < 0.9 ? 0 : rng.uniform(); // mostly one value
    X[i * d + 2] = rng.int(5); // five levels
    X[i * d + 3] = 7; // constant
  }
  return { X, d };
}

describe('binColumns', () => {
  const n = 2000;
  const { X, d } = mixedMatrix(n, 1);
  const b = binColumns(X, n, d, profileColumns(X, n, d), 32);
  it('keeps few distinct values exact and caps the rest', () => {
    assert.equal(b.nBins[0], 32);
    assert.equal(b.nBins[2], 5);
    assert.equal(b.nBins[3], 1);
    assert.ok(b.nBins[1]! <= 32 && b.nBins[1]! > 10);
    assert.deepEqual([...b.thresholds[2]!], [0.5, 1.5, 2.5, 3.5]);
  });
  it('puts every training value in the bin its thresholds describe', () => {
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) {
        const x = X[i * d + f]!, bin = b.bins[i * d + f]!, t = b.thresholds[f]!;
        assert.equal(bin, binOf(t, x));
        if (bin < t.length) assert.ok(x <= t[bin]!);
        if (bin > 0) assert.ok(x > t[bin - 1]!);
      }
    }
  });
  it('gives a heavy single value one bin and stores only other entries sparsely', () => {
    assert.equal(b.defaultBin[1], 0);
    let nonDefault = 0;
    for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) if (b.bins[i * d + f] !== b.defaultBin[f]) nonDefault++;
    assert.equal(b.slots.length, nonDefault);
  });
  it('cuts a continuous column into bins of similar size', () => {
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < n; i++) counts[b.bins[i * d]!]!++;
    assert.ok(Math.max(...counts) <= 2 * (n / 32), `bin sizes ${counts.join(',')}`);
  });
});

describe('modeSparse products', () => {
  it('equal the dense products', () => {
    const n = 300;
    const { X, d } = mixedMatrix(n, 2);
    const S = modeSparse(X, n, d, profileColumns(X, n, d));
    assert.ok(S.col.length < n * d);
    const rng = createRng(3);
    const m = 3;
    const W = Float64Array.from({ length: d * m }, () => rng.normal());
    const bias = Float64Array.of(0.5, -1, 2);
    const sparse = new Float64Array(n * m), dense = new Float64Array(n * m);
    multiply(S, W, bias, m, sparse);
    denseMultiply(X, n, d, W, bias, m, dense);
    for (let j = 0; j < n * m; j++) assert.ok(Math.abs(sparse[j]! - dense[j]!) < 1e-9);
    const G = Float64Array.from({ length: n * m }, () => rng.normal());
    const out = new Float64Array(d * m);
    const colSum = multiplyTransposed(S, G, m, out);
    for (let f = 0; f < d; f++) {
      for (let c = 0; c < m; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += X[i * d + f]! * G[i * m + c]!;
        assert.ok(Math.abs(out[f * m + c]! - s) < 1e-8);
      }
    }
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += G[i * m + c]!;
      assert.ok(Math.abs(colSum[c]! - s) < 1e-9);
    }
  });
});

describe('symmetricEigen', () => {
  it('reconstructs a random symmetric matrix with orthonormal vectors, values descending', () => {
    const p = 12;
    const rng = createRng(4);
    const A = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) { const v = rng.normal(); A[i * p + j] = v; A[j * p + i] = v; }
    const { values, vectors } = symmetricEigen(A, p);
    for (let j = 1; j < p; j++) assert.ok(values[j - 1]! >= values[j]!);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let a = 0, dot = 0;
        for (let c = 0; c < p; c++) { a += vectors[i * p + c]! * values[c]! * vectors[j * p + c]!; dot += vectors[c * p + i]! * vectors[c * p + j]!; }
        assert.ok(Math.abs(a - A[i * p + j]!) < 1e-10);
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-10);
      }
    }
  });
  it('handles a rank-deficient matrix (zero eigenvalues)', () => {
    const A = Float64Array.of(1, 1, 0, 1, 1, 0, 0, 0, 0);
    const { values } = symmetricEigen(A, 3);
    assert.ok(Math.abs(values[0]! - 2) < 1e-12 && Math.abs(values[1]!) < 1e-12 && Math.abs(values[2]!) < 1e-12);
  });
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = minimizeLbfgs((x, g) => {
      const a = x[0]!, b = x[1]!;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    }, Float64Array.of(-1.2, 1), { gradientTolerance: 1e-10 });
    assert.ok(r.converged);
    assert.ok(Math.abs(r.x[0]! - 1) < 1e-6 && Math.abs(r.x[1]! - 1) < 1e-6, `${r.x}`);
  });

  it('says which test stopped it', () => {
    const rosenbrock = (x: Float64Array, g: Float64Array) => {
      const a = x[0]!, b = x[1]!;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const start = Float64Array.of(-1.2, 1);
    const loose = minimizeLbfgs(rosenbrock, start, { gradientTolerance: 1e-3 });
    assert.deepEqual([loose.stop, loose.converged], ['gradient', true]);
    assert.ok(loose.gradientMaxAbs <= 1e-3);
    const capped = minimizeLbfgs(rosenbrock, start, { maxIterations: 3, gradientTolerance: 1e-10 });
    assert.deepEqual([capped.stop, capped.iterations, capped.converged], ['max-iterations', 3, false]);
    assert.ok(capped.gradientMaxAbs > 1e-3);
    // f ≈ 1e15 is resolved to 0.125: near the flat minimum of a quartic a step gains at most 1e-15·|f|.
    const flat = minimizeLbfgs((x, g) => { const d = x[0]! - 5; g[0] = 4 * d ** 3; return 1e15 + d ** 4; }, Float64Array.of(0), { gradientTolerance: 0 });
    assert.deepEqual([flat.stop, flat.converged], ['no-progress', true]);
    // A gradient of the wrong sign: no step length decreases f.
    const wrong = minimizeLbfgs((x, g) => { g[0] = -2 * (x[0]! - 3); return (x[0]! - 3) ** 2; }, Float64Array.of(0), { gradientTolerance: 1e-8 });
    assert.deepEqual([wrong.stop, wrong.converged, wrong.iterations, wrong.x[0]], ['line-search', false, 0, 0]);
  });
});
