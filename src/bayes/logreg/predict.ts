// Posterior predictive of Bayesian logistic regression: p(y = 1 | x) = ∫ sigmoid(θᵀx) N(θ; μ, Σ) dθ,
// by MacKay's probit approximation sigmoid(μᵀx / √(1 + π xᵀΣx / 8)).
import { quadraticForm } from '../dense.js';
import type { GaussianPosterior } from './model.js';

export function predictiveProbabilities(posterior: GaussianPosterior, features: Float64Array, rows: number): Float64Array {
  const d = posterior.dim, out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let m = 0;
    for (let j = 0; j < d; j++) m += posterior.mean[j]! * features[i * d + j]!;
    const v = quadraticForm(posterior.covariance, d, features, i * d);
    out[i] = 1 / (1 + Math.exp(-m / Math.sqrt(1 + (Math.PI * v) / 8)));
  }
  return out;
}
