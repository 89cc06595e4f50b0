// Small dense linear algebra for the Bayesian methods (row-major Float64Array d×d, d at most a few
// hundred): plain loops are exact in float64 and fast enough for the 4×4 to 100×100 matrices used.
import { symmetricEigen } from '../eval/linear/symmetric-eigen.js';

/** Lower Cholesky factor L (A = L Lᵀ), or null when A is not (numerically) positive definite. */
export function cholesky(A: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j]!;
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j]!;
    }
  }
  return L;
}

/** Solves L Lᵀ x = b. */
export function choleskySolve(L: Float64Array, d: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * y[k]!;
    y[i] = s / L[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * y[k]!;
    y[i] = s / L[i * d + i]!;
  }
  return y;
}

/** A⁻¹ from A's Cholesky factor (symmetric to rounding). */
export function inverseFromCholesky(L: Float64Array, d: number): Float64Array {
  // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
  const Li = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    Li[j * d + j] = 1 / L[j * d + j]!;
    for (let i = j + 1; i < d; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * d + k]! * Li[k * d + j]!;
      Li[i * d + j] = s / L[i * d + i]!;
    }
  }
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < d; k++) s += Li[k * d + i]! * Li[k * d + j]!;
      inv[i * d + j] = s;
      inv[j * d + i] = s;
    }
  }
  return inv;
}

/** A⁻¹ for a symmetric positive-definite A, or null when A is not positive definite. */
export function spdInverse(A: Float64Array, d: number): Float64Array | null {
  const L = cholesky(A, d);
  return L === null ? null : inverseFromCholesky(L, d);
}

/** (A + Aᵀ)/2 in place. */
export function symmetrize(A: Float64Array, d: number): Float64Array {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (A[i * d + j]! + A[j * d + i]!);
      A[i * d + j] = v;
      A[j * d + i] = v;
    }
  }
  return A;
}

/** The symmetric matrix with A's eigenvectors and its eigenvalues raised to at least `floor`. */
export function floorEigenvalues(A: Float64Array, d: number, floor: number): Float64Array {
  const { values, vectors } = symmetricEigen(symmetrize(Float64Array.from(A), d), d);
  if (values[d - 1]! >= floor) return symmetrize(Float64Array.from(A), d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const lam = Math.max(floor, values[k]!);
    for (let i = 0; i < d; i++) {
      const vi = vectors[i * d + k]! * lam;
      if (vi === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += vi * vectors[j * d + k]!;
    }
  }
  return symmetrize(out, d);
}

/** y = A x (A is d×d). */
export function matVec(A: Float64Array, d: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[i * d + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** xᵀ A x. */
export function quadraticForm(A: Float64Array, d: number, x: ArrayLike<number>, xOffset = 0): number {
  let s = 0;
  for (let i = 0; i < d; i++) {
    const xi = x[xOffset + i]!;
    if (xi === 0) continue;
    let row = 0;
    for (let j = 0; j < d; j++) row += A[i * d + j]! * x[xOffset + j]!;
    s += xi * row;
  }
  return s;
}

/** A⁻¹ for a matrix that must be positive definite (an Error otherwise: a bug, not bad input). */
export function requireSpdInverse(A: Float64Array, d: number): Float64Array {
  const inv = spdInverse(A, d);
  if (inv === null) throw new Error('Expected a positive-definite matrix.');
  return inv;
}

/** Euclidean (Frobenius for matrices) norm of a flat array. */
export function norm2(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** ‖a − b‖₂ of two flat arrays of one length. */
export function distance2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const t = a[i]! - b[i]!; s += t * t; }
  return Math.sqrt(s);
}
