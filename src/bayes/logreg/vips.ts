// VIPS for Bayesian logistic regression (Park, Foulds, Chaudhuri, Welling 2020): stochastic
// variational Bayes whose only contact with the data is the mini-batch sum of the expected
// sufficient statistics, released each iteration with the Gaussian mechanism. With Poisson
// sampling at rate q and T iterations the run is T-fold Poisson-subsampled Gaussian (add/remove-one).
//
// Natural parameters of q(θ): precision Λ = E[α]I + S₂ and h = Λμ = s₁. Each iteration's noisy
// S̃₂/q and s̃₁/q estimate the full-data sums (without needing the record count); their averages move by Robbins–Monro steps ρₜ = (τ₀ + t)^(−κ). q(α) = Gamma(a₀ + d/2, b) with
// b̂ = b₀ + ½(μᵀμ + tr Σ), averaged the same way. Everything after the noise is post-processing.
import { UserError } from '../../errors.js';
import { poissonSample } from '../../dpsgd/poisson.js';
import { gaussian, poissonSampled, selfComposed, type PrivacyEvent } from '../../privacy/events.js';
import { floorEigenvalues, matVec, requireSpdInverse } from '../dense.js';
import { checkLogregData, type GaussianPosterior, type LogregData } from './model.js';
import { expectedStatistics, privatizeStatistics, secondMoment, DEFAULT_SECOND_BLOCK_WEIGHT, type LogregStatistics } from './statistics.js';

export interface VbPrior {
  /** Gamma(a₀, b₀) hyper-prior of the weights' precision α (default 1, 1). */
  readonly a0?: number;
  readonly b0?: number;
}

export interface VipsOptions extends VbPrior {
  /** Poisson sampling rate q of each iteration's mini-batch. */
  readonly samplingRate: number;
  readonly iterations: number;
  /** Noise multiplier σ of each release; 0 runs the same stochastic algorithm without privacy. */
  readonly noiseMultiplier: number;
  /** Robbins–Monro delay τ₀ and forgetting rate κ (defaults 1 and 0.7). */
  readonly tau0?: number;
  readonly kappa?: number;
  /** Weight w of S₂ in the joint release (default 4; see statistics.ts). */
  readonly secondBlockWeight?: number;
  readonly onIteration?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The privacy event of a VIPS run: T Poisson-subsampled Gaussian releases. */
export function vipsEvent(noiseMultiplier: number, samplingRate: number, iterations: number): PrivacyEvent {
  return selfComposed(poissonSampled(samplingRate, gaussian(noiseMultiplier)), iterations);
}

/**
 * The running averages: the data part of the precision (S₂/q), h = s₁/q, and the rate b of q(α).
 * The prior part E[α]I is added when q(θ) is formed, from the current q(α).
 */
interface AveragedState { dataPrecision: Float64Array; h: Float64Array; rate: number }

/**
 * The Gaussian mechanism on a batch's statistics, then (post-processing) the noisy S₂ projected
 * onto the PSD cone, as the exact one is a sum of PSD terms. Projecting each step, not the average,
 * is what VIPS does; it biases weakly-identified directions' precision upwards, which acts as a
 * data-independent shrinkage there (projecting only the average was tried: without it the noise in
 * those directions drives the weights and the ARD precision apart).
 */
function projectedNoisyStatistics(raw: LogregStatistics, noiseMultiplier: number, d: number, weight: number): LogregStatistics {
  const noisy = privatizeStatistics(raw, noiseMultiplier, d, weight);
  return { s1: noisy.s1, s2: floorEigenvalues(noisy.s2, d, 0) };
}

function posteriorOf(state: AveragedState, d: number, shape: number): GaussianPosterior {
  const precision = Float64Array.from(state.dataPrecision);
  const alphaMean = shape / state.rate;
  for (let i = 0; i < d; i++) precision[i * d + i] += alphaMean;
  const covariance = requireSpdInverse(precision, d);
  return { dim: d, mean: matVec(covariance, d, state.h), covariance, alpha: { shape, rate: state.rate } };
}

function alphaRate(p: GaussianPosterior, b0: number): number {
  let s = 0;
  for (let i = 0; i < p.dim; i++) s += p.mean[i]! ** 2 + p.covariance[i * p.dim + i]!;
  return b0 + 0.5 * s;
}

function initialState(d: number, b0: number): AveragedState {
  return { dataPrecision: new Float64Array(d * d), h: new Float64Array(d), rate: b0 };
}

/** Stochastic (and, with σ > 0, private) VB. The caller accounts for vipsEvent(σ, q, T). */
export function fitLogregVips(data: LogregData, o: VipsOptions): GaussianPosterior {
  checkLogregData(data);
  const d = data.dim, a0 = o.a0 ?? 1, b0 = o.b0 ?? 1, tau0 = o.tau0 ?? 1, kappa = o.kappa ?? 0.7;
  if (!(o.samplingRate > 0 && o.samplingRate <= 1)) throw new UserError(`The sampling rate must be in (0, 1], got ${o.samplingRate}.`);
  if (!Number.isInteger(o.iterations) || o.iterations < 1) throw new UserError(`The number of iterations must be a whole number >= 1, got ${o.iterations}.`);
  if (!(o.noiseMultiplier >= 0)) throw new UserError(`The noise multiplier must be >= 0, got ${o.noiseMultiplier}.`);
  const shape = a0 + d / 2;
  const state = initialState(d, b0);
  const noisy = o.noiseMultiplier > 0;
  let posterior = posteriorOf(state, d, shape);
  for (let t = 1; t <= o.iterations; t++) {
    if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new UserError('Interrupted.');
    const batch = poissonSample(data.rows, o.samplingRate);
    const raw = expectedStatistics(data, batch, secondMoment(posterior.mean, posterior.covariance, d));
    const stats = noisy ? projectedNoisyStatistics(raw, o.noiseMultiplier, d, o.secondBlockWeight ?? DEFAULT_SECOND_BLOCK_WEIGHT) : raw;
    const rho = Math.pow(tau0 + t, -kappa), scale = 1 / o.samplingRate;
    for (let k = 0; k < d * d; k++) state.dataPrecision[k] = (1 - rho) * state.dataPrecision[k]! + rho * scale * stats.s2[k]!;
    for (let k = 0; k < d; k++) state.h[k] = (1 - rho) * state.h[k]! + rho * scale * stats.s1[k]!;
    posterior = posteriorOf(state, d, shape);
    state.rate = (1 - rho) * state.rate + rho * alphaRate(posterior, b0);
    posterior = { ...posterior, alpha: { shape, rate: state.rate } };
    o.onIteration?.(t, o.iterations);
  }
  return posterior;
}

export interface VbOptions extends VbPrior {
  /** Stop when no mean coordinate moves by more than this (default 1e-8), or after maxIterations (default 500). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

/** Non-private full-batch coordinate-ascent VB: the reference the private posterior is compared with. */
export function fitLogregVb(data: LogregData, o: VbOptions = {}): GaussianPosterior & { iterations: number } {
  checkLogregData(data);
  const d = data.dim, a0 = o.a0 ?? 1, b0 = o.b0 ?? 1, shape = a0 + d / 2;
  const all = Int32Array.from({ length: data.rows }, (_, i) => i);
  const state = initialState(d, b0);
  let posterior = posteriorOf(state, d, shape);
  const maxIterations = o.maxIterations ?? 500, tolerance = o.tolerance ?? 1e-8;
  for (let it = 1; it <= maxIterations; it++) {
    const stats = expectedStatistics(data, all, secondMoment(posterior.mean, posterior.covariance, d));
    const next = posteriorOf({ dataPrecision: stats.s2, h: stats.s1, rate: state.rate }, d, shape);
    let change = 0;
    for (let k = 0; k < d; k++) change = Math.max(change, Math.abs(next.mean[k]! - posterior.mean[k]!));
    state.rate = alphaRate(next, b0);
    posterior = { ...next, alpha: { shape, rate: state.rate } };
    if (change < tolerance) return { ...posterior, iterations: it };
  }
  return { ...posterior, iterations: maxIterations };
}
