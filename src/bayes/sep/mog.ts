// SEP for the means of a Gaussian mixture with known isotropic observation noise and known
// weights (card §2.2): p(x | μ_1..K) = Σ_k π_k N(x; μ_k, s²I), independent Gaussian priors on the
// μ_k, one full-covariance Gaussian factor per component. The tilted distribution
// q_cav(μ)·p(x | μ) is a mixture of K "component k generated x" cases, so its moments are
// analytic:
//   r_k ∝ π_k N(x; m_k, V_k + s²I)               responsibilities under the cavity N(m_k, V_k)
//   V'_k = (V_k⁻¹ + I/s²)⁻¹, m'_k = V'_k(V_k⁻¹m_k + x/s²)   posterior of μ_k if k generated x
//   E[μ_k] = m_k + r_k δ_k,  Cov[μ_k] = r_k V'_k + (1 − r_k) V_k + r_k(1 − r_k) δ_k δ_kᵀ,  δ_k = m'_k − m_k
// (the last form equals the card's r(V' + m'm'ᵀ) + (1 − r)(V + mmᵀ) − EEᵀ and is positive
// definite by construction, so no cancellation can make it indefinite).
import { cholesky, choleskySolve, inverseFromCholesky, matVec } from '../dense.js';
import { type GaussianMoments, type GaussianNatural, momentsFromNatural, naturalFromMoments } from './natural.js';
import type { SepModel } from './model.js';
import { combineSites, type Site, zeroSite } from './site.js';

export interface MixtureLikelihood {
  readonly dim: number;
  readonly components: number;
  /** Observation noise variance s² (covariance s²I). */
  readonly noiseVariance: number;
  /** Mixing weights π_k (default uniform). */
  readonly weights?: readonly number[];
}

/** Cavity quantities that do not depend on the record (computed once per step). */
interface PreparedComponent {
  readonly cavity: GaussianMoments;
  /** Cholesky factor and log-determinant of V_k + s²I (the predictive covariance of x). */
  readonly predictiveL: Float64Array;
  readonly predictiveLogDet: number;
  /** V'_k and the cavity's h_k (so m'_k = V'_k(h_k + x/s²)). */
  readonly conditionalCov: Float64Array;
  readonly cavityLinear: Float64Array;
}

function prepareComponent(cavity: GaussianNatural, noiseVariance: number): PreparedComponent | null {
  const d = cavity.dim;
  const moments = momentsFromNatural(cavity);
  if (moments === null) return null;
  const predictive = Float64Array.from(moments.covariance);
  const conditionalPrecision = Float64Array.from(cavity.precision);
  for (let i = 0; i < d; i++) {
    predictive[i * d + i] += noiseVariance;
    conditionalPrecision[i * d + i] += 1 / noiseVariance;
  }
  const predictiveL = cholesky(predictive, d);
  const conditionalL = cholesky(conditionalPrecision, d);
  if (predictiveL === null || conditionalL === null) return null;
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += 2 * Math.log(predictiveL[i * d + i]!);
  return { cavity: moments, predictiveL, predictiveLogDet: logDet, conditionalCov: inverseFromCholesky(conditionalL, d), cavityLinear: cavity.linear };
}

/** Moments of the tilted distribution q_cav(μ_k)·p(x | μ) for every component (card §2.2). */
function tiltedMoments(prepared: readonly PreparedComponent[], x: ArrayLike<number>, lik: MixtureLikelihood): GaussianMoments[] {
  const d = lik.dim, K = prepared.length;
  const logR = new Float64Array(K);
  const diff = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    const p = prepared[k]!;
    for (let i = 0; i < d; i++) diff[i] = x[i]! - p.cavity.mean[i]!;
    const z = choleskySolve(p.predictiveL, d, diff);
    let maha = 0;
    for (let i = 0; i < d; i++) maha += diff[i]! * z[i]!;
    const w = lik.weights ? lik.weights[k]! : 1 / K;
    logR[k] = Math.log(w) - 0.5 * p.predictiveLogDet - 0.5 * maha;
  }
  let max = -Infinity;
  for (const v of logR) max = Math.max(max, v);
  let total = 0;
  for (let k = 0; k < K; k++) { logR[k] = Math.exp(logR[k]! - max); total += logR[k]!; }
  const rhs = new Float64Array(d);
  return prepared.map((p, k) => {
    const r = logR[k]! / total;
    for (let i = 0; i < d; i++) rhs[i] = p.cavityLinear[i]! + x[i]! / lik.noiseVariance;
    const condMean = matVec(p.conditionalCov, d, rhs);
    const mean = new Float64Array(d), covariance = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      diff[i] = condMean[i]! - p.cavity.mean[i]!;
      mean[i] = p.cavity.mean[i]! + r * diff[i]!;
    }
    const rr = r * (1 - r);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        covariance[i * d + j] = r * p.conditionalCov[i * d + j]! + (1 - r) * p.cavity.covariance[i * d + j]! + rr * diff[i]! * diff[j]!;
      }
    }
    return { dim: d, mean, covariance };
  });
}

/** Moment-matched Gaussians of the tilted distribution for one observation x (exported for tests). */
export function mixtureTiltedMoments(cavity: Site, x: ArrayLike<number>, lik: MixtureLikelihood): GaussianMoments[] | null {
  const prepared = cavity.map((c) => prepareComponent(c, lik.noiseVariance));
  if (prepared.some((p) => p === null)) return null;
  return tiltedMoments(prepared as PreparedComponent[], x, lik);
}

export interface MixtureModelOptions extends MixtureLikelihood {
  /** Observations, row-major records × dim. */
  readonly data: Float64Array;
  /** Prior mean of each component's μ_k (components × dim) and its isotropic variance. */
  readonly priorMeans: Float64Array;
  readonly priorVariance: number;
}

/** Independent N(m0_k, v0·I) priors in natural form. */
export function isotropicPrior(means: Float64Array, components: number, dim: number, variance: number): Site {
  const site = zeroSite(components, dim);
  site.forEach((c, k) => {
    for (let i = 0; i < dim; i++) {
      c.linear[i] = means[k * dim + i]! / variance;
      c.precision[i * dim + i] = 1 / variance;
    }
  });
  return site;
}

export function mixtureModel(o: MixtureModelOptions): SepModel {
  const { dim, components } = o;
  if (o.data.length % dim !== 0) throw new Error(`mixtureModel: data length ${o.data.length} is not a multiple of dim ${dim}.`);
  const prior = isotropicPrior(o.priorMeans, components, dim, o.priorVariance);
  return {
    kind: 'mog', components, dim, prior, records: o.data.length / dim,
    localSites(cavity, records) {
      const prepared = cavity.map((c) => prepareComponent(c, o.noiseVariance));
      if (prepared.some((p) => p === null)) return null;
      return records.map((n) => {
        const x = o.data.subarray(n * dim, (n + 1) * dim);
        const tilted = tiltedMoments(prepared as PreparedComponent[], x, o);
        try {
          return combineSites(1, tilted.map(naturalFromMoments), -1, cavity);
        } catch {
          return zeroSite(components, dim); // moments not matchable in floating point: no update
        }
      });
    },
  };
}

