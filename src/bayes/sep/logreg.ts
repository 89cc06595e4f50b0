// SEP for Bayesian logistic regression: p(y | x, w) = σ(y·xᵀw), y ∈ {−1, +1}, prior N(0, s²I).
// The likelihood depends on w only through a = xᵀw, so the tilted distribution differs from the
// cavity N(m, V) only along x: with the cavity of a, N(μ, v) (μ = xᵀm, v = xᵀVx), and the
// derivatives of log Z(μ) = log E[σ(y a)],
//   α = ∂ log Z/∂μ,  β = −∂² log Z/∂μ²,
// the moment-matched Gaussian is the cavity times a Gaussian in a with precision τ = β/(1 − vβ)
// and linear term ν = (α + μβ)/(1 − vβ): the local site is the rank-one pair (ν·x, τ·x xᵀ).
// α and β are (adaptive) Gauss–Hermite averages of σ's derivatives (σ' = σ(1 − σ), σ'' = σ'(1 − 2σ)), which
// avoids the cancellation of computing 1/v_tilted − 1/v directly.
import { gaussHermite, type QuadratureRule } from './gauss-hermite.js';
import { quadraticForm } from '../dense.js';
import { momentsFromNatural } from './natural.js';
import type { SepModel } from './model.js';
import { type Site, zeroSite } from './site.js';

export const DEFAULT_QUADRATURE_NODES = 32;
/**
 * Nodes for a wide cavity (v > 4): the tilted density is then far from Gaussian (a half-Gaussian
 * cut by the logistic) and adaptive Gauss–Hermite converges slowly; 150 nodes keep the moments
 * within ~1e-3 relative up to v = 100. Only early steps (cavity ≈ prior) see such cavities.
 */
export const WIDE_CAVITY_NODES = 150;

export interface LogisticTilted {
  /** log Z = log E_{a∼N(μ,v)}[σ(y a)]. */
  readonly logZ: number;
  /** Mean and variance of the tilted density ∝ σ(y a) N(a; μ, v). */
  readonly mean: number;
  readonly variance: number;
  /** ∂ log Z/∂μ and −∂² log Z/∂μ². */
  readonly alpha: number;
  readonly beta: number;
}

/** log σ(t), stable for any t. */
function logSigmoid(t: number): number {
  return t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t));
}

/**
 * Tilted moments of σ(y a)·N(a; μ, v) by adaptive Gauss–Hermite quadrature: the nodes are placed
 * around the tilted mode â with the tilted curvature (the integrand divided by that Gaussian is
 * then nearly constant), so a wide cavity (v ≫ 1) costs no accuracy. Log space: no underflow.
 */
export function logisticTilted(mu: number, variance: number, y: number, rule: QuadratureRule = gaussHermite(DEFAULT_QUADRATURE_NODES)): LogisticTilted {
  // Mode of the log-concave tilted density by Newton's method (gradient y(1 − σ(ya)) − (a − μ)/v).
  let mode = mu;
  for (let it = 0; it < 100; it++) {
    const s = Math.exp(logSigmoid(y * mode));
    const grad = y * (1 - s) - (mode - mu) / variance, curv = s * (1 - s) + 1 / variance;
    const step = grad / curv;
    mode += step;
    if (Math.abs(step) <= 1e-13 * (1 + Math.abs(mode))) break;
  }
  const sMode = Math.exp(logSigmoid(y * mode));
  const scale = Math.sqrt(2 / (sMode * (1 - sMode) + 1 / variance));
  const n = rule.nodes.length;
  const logTerms = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = rule.nodes[i]!, a = mode + scale * t;
    logTerms[i] = Math.log(rule.weights[i]!) + t * t + logSigmoid(y * a) - 0.5 * (a - mu) ** 2 / variance;
    max = Math.max(max, logTerms[i]!);
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.exp(logTerms[i]! - max);
  const logZ = max + Math.log(total) + Math.log(scale) - 0.5 * Math.log(2 * Math.PI * variance);
  // p_i: tilted weights. α = y E_t[1 − σ], E_cav[σ''(ya)]/Z = E_t[(1 − σ)(1 − 2σ)].
  let alpha = 0, second = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.exp(logTerms[i]! - max) / total;
    const a = mode + scale * rule.nodes[i]!;
    const s = Math.exp(logSigmoid(y * a)), oneMinus = Math.exp(logSigmoid(-y * a));
    alpha += p * oneMinus;
    second += p * oneMinus * (oneMinus - s);
  }
  alpha *= y;
  const beta = alpha * alpha - second; // y² = 1
  return { logZ, alpha, beta, mean: mu + variance * alpha, variance: variance - variance * variance * beta };
}

export interface LogisticModelOptions {
  /** Features, row-major records × dim (scale rows to a public norm bound, e.g. ‖x‖ ≤ 1). */
  readonly features: Float64Array;
  /** Labels in {−1, +1}. */
  readonly labels: Int8Array | Float64Array | Int32Array;
  readonly dim: number;
  /** Prior N(0, s²I) on the weights. */
  readonly priorVariance: number;
  readonly quadratureNodes?: number;
}

export function logisticModel(o: LogisticModelOptions): SepModel {
  const { dim } = o;
  const records = o.labels.length;
  if (o.features.length !== records * dim) throw new Error(`logisticModel: ${records} labels need ${records * dim} feature values, got ${o.features.length}.`);
  const prior = zeroSite(1, dim);
  for (let i = 0; i < dim; i++) prior[0]!.precision[i * dim + i] = 1 / o.priorVariance;
  const rule = gaussHermite(o.quadratureNodes ?? DEFAULT_QUADRATURE_NODES);
  const wide = gaussHermite(Math.max(WIDE_CAVITY_NODES, o.quadratureNodes ?? 0));
  return {
    kind: 'logreg', components: 1, dim, prior, records,
    localSites(cavity, indices) {
      const moments = momentsFromNatural(cavity[0]!);
      if (moments === null) return null;
      return indices.map((n) => {
        const x = o.features.subarray(n * dim, (n + 1) * dim);
        const mu = x.reduce((s, xi, i) => s + xi * moments.mean[i]!, 0);
        const v = quadraticForm(moments.covariance, dim, x);
        const site = zeroSite(1, dim);
        if (!(v > 0)) return site; // x = 0 carries no information
        const t = logisticTilted(mu, v, o.labels[n]! > 0 ? 1 : -1, v > 4 ? wide : rule);
        const denom = 1 - v * t.beta;
        const tau = t.beta / denom, nu = (t.alpha + mu * t.beta) / denom;
        if (!(Number.isFinite(tau) && Number.isFinite(nu) && denom > 0)) return site;
        const s = site[0]!;
        for (let i = 0; i < dim; i++) {
          s.linear[i] = nu * x[i]!;
          for (let j = 0; j < dim; j++) s.precision[i * dim + j] = tau * x[i]! * x[j]!;
        }
        return site;
      });
    },
  };
}

/** P(y = +1 | x) under the Gaussian posterior N(m, V) (probit approximation of the predictive). */
export function logisticPredictive(mean: Float64Array, covariance: Float64Array, dim: number, x: ArrayLike<number>): number {
  let mu = 0;
  for (let i = 0; i < dim; i++) mu += x[i]! * mean[i]!;
  const v = quadraticForm(covariance, dim, x);
  return 1 / (1 + Math.exp(-mu / Math.sqrt(1 + (Math.PI * v) / 8)));
}
