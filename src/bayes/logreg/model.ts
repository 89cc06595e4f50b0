// Bayesian logistic regression data and posterior: y ∈ {0, 1}, θ ~ N(0, α⁻¹I), α ~ Gamma(a₀, b₀),
// approximated by q(θ) = N(μ, Σ) and q(α) = Gamma(a, b).
import { ensure } from '../../errors.js';

export interface LogregData {
  /** Row-major n×d; every row must have L2 norm ≤ 1 (the sensitivity of VIPS rests on it). */
  readonly features: Float64Array;
  /** 0 or 1 per row. */
  readonly labels: ArrayLike<number>;
  readonly rows: number;
  readonly dim: number;
}

export interface GaussianPosterior {
  readonly dim: number;
  readonly mean: Float64Array;
  /** Row-major d×d. */
  readonly covariance: Float64Array;
  /** q(α) = Gamma(shape, rate) of the prior precision. */
  readonly alpha: { readonly shape: number; readonly rate: number };
}

/** Refuses rows over the unit norm (with float rounding slack) and labels other than 0/1. */
export function checkLogregData(data: LogregData): void {
  ensure(data.features.length === data.rows * data.dim, `Expected ${data.rows}×${data.dim} features, got ${data.features.length} values; pass a row-major matrix.`);
  for (let i = 0; i < data.rows; i++) {
    const y = data.labels[i];
    ensure(y === 0 || y === 1, 'Every label must be 0 or 1 for Bayesian logistic regression; map the target to two classes.');
    let s = 0;
    for (let j = 0; j < data.dim; j++) s += data.features[i * data.dim + j]! ** 2;
    ensure(s <= 1 + 1e-9, 'A feature row has norm > 1; scale the rows into the unit ball with a public bound (scaleRows does).');
  }
}

/**
 * Rows for the model: each encoded row divided by a public bound on its norm, with a constant
 * intercept feature, so that ‖[x/√(M²+1), 1/√(M²+1)]‖ ≤ 1 whenever ‖x‖ ≤ M. The bound M comes from
 * the schema (the encoder's maxRowNorm), never from the data.
 */
export function scaleRows(encoded: Float32Array | Float64Array, rows: number, width: number, maxRowNorm: number): Float64Array {
  const scale = 1 / Math.sqrt(maxRowNorm * maxRowNorm + 1), d = width + 1;
  const out = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < width; j++) s += encoded[i * width + j]! ** 2;
    // Float32 encoding may overshoot the bound by rounding; shrink such a row onto it.
    const shrink = s > maxRowNorm * maxRowNorm ? maxRowNorm / Math.sqrt(s) : 1;
    for (let j = 0; j < width; j++) out[i * d + j] = encoded[i * width + j]! * shrink * scale;
    out[i * d + width] = scale;
  }
  return out;
}
