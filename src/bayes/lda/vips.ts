/**
 * VIPS for LDA (Park, Foulds, Chaudhuri, Welling 2020) on Hoffman's online LDA: natural-gradient
 * stochastic variational inference whose only contact with the training documents is each
 * iteration's mini-batch sum of the (clipped) topic–word statistics S_kw = Σ_d n_dw·φ_dwk.
 *
 * One iteration: Poisson-sample documents with rate q (secure coins); sum their statistics (each of
 * Frobenius norm ≤ C, see estep.ts); add N(0, (σC)²) to every one of the K×V entries (secure
 * source); clamp negatives to 0 (post-processing); then
 *   λ ← (1 − ρₜ)λ + ρₜ(η + S̃/q),   ρₜ = (τ₀ + t)^(−κ),
 * S̃/q being an unbiased estimate of the full-corpus sum that needs no record count. The run is
 * T-fold composition of the Poisson-subsampled Gaussian with sensitivity C under add/remove-one:
 * selfComposed(poissonSampled(q, gaussian(σ)), T). σ = 0 runs the same algorithm without privacy.
 */
import { UserError } from '../../errors.js';
import { poissonSample } from '../../dpsgd/poisson.js';
import { fillSecureGaussian } from '../../engine/random/secure-gaussian.js';
import { yieldToEventLoop } from '../../engine/event-loop.js';
import type { Rng } from '../../engine/random/seeded-rng.js';
import { gaussian, poissonSampled, selfComposed, type PrivacyEvent } from '../../privacy/index.js';
import type { BagOfWords } from './bag-of-words.js';
import { batchStatistics, expectedBeta, type EStepOptions } from './estep.js';
import { sampleGamma } from '../../dirichlet/gamma-sample.js';

export const VIPS_LDA_DEFAULTS = { tau0: 1024, kappa: 0.7 } as const;

/** The privacy event of a VIPS-LDA run: T Poisson-subsampled Gaussian releases. */
export function ldaVipsEvent(noiseMultiplier: number, samplingRate: number, iterations: number): PrivacyEvent {
  return selfComposed(poissonSampled(samplingRate, gaussian(noiseMultiplier)), iterations);
}

export interface LdaVipsOptions extends EStepOptions {
  readonly topics: number;
  readonly vocabSize: number;
  readonly samplingRate: number;
  readonly iterations: number;
  /** σ; 0 for the non-private run of the same algorithm. */
  readonly noiseMultiplier: number;
  /** C: every document's counts have ‖n_d‖₂ ≤ C (the caller clips); the noise std is σC. */
  readonly clipBound: number;
  /** Topic–word Dirichlet prior η. */
  readonly eta: number;
  readonly tau0?: number;
  readonly kappa?: number;
  /** Initialises λ (not privacy noise). */
  readonly rng: Rng;
  readonly onIteration?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface LdaVipsResult {
  /** Variational topic–word Dirichlet parameters, K×V row-major. */
  readonly lambda: Float64Array;
  /** Realised mini-batch sizes (stay inside the library: they are not released). */
  readonly batchSizes: readonly number[];
}

/** Adds N(0, (σC)²) from the secure source to every entry of the batch sum, in place. */
export function addStatisticsNoise(sum: Float64Array, noiseMultiplier: number, clipBound: number): Float64Array {
  const noise = new Float64Array(sum.length);
  fillSecureGaussian(noise, noiseMultiplier * clipBound);
  for (let i = 0; i < sum.length; i++) sum[i] += noise[i]!;
  return sum;
}

/** Sets negative entries to 0, in place. Applied after the noise, so it is post-processing. */
export function clampNegatives(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) if (values[i]! < 0) values[i] = 0;
  return values;
}

/** Hoffman's initialisation: λ_kw ~ Gamma(100, 1/100). */
export function initialLambda(topics: number, vocabSize: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: topics * vocabSize }, () => 0.01 * sampleGamma(100, rng));
}

export function checkVipsOptions(o: LdaVipsOptions): void {
  if (!Number.isInteger(o.topics) || o.topics < 2) throw new UserError(`The number of topics must be a whole number >= 2, got ${o.topics}.`);
  if (!(o.samplingRate > 0 && o.samplingRate <= 1)) throw new UserError(`The sampling rate must be in (0, 1], got ${o.samplingRate}; lower --batch-size or use a larger corpus.`);
  if (!Number.isInteger(o.iterations) || o.iterations < 1) throw new UserError(`The number of iterations must be a whole number >= 1, got ${o.iterations}.`);
  if (!(o.noiseMultiplier >= 0)) throw new UserError(`The noise multiplier must be >= 0, got ${o.noiseMultiplier}.`);
  if (!(o.clipBound > 0 && Number.isFinite(o.clipBound))) throw new UserError(`The document norm bound must be a positive number, got ${o.clipBound}; pass e.g. --max-doc-norm 10.`);
}

/** Runs VIPS (σ > 0) or its non-private twin (σ = 0). Documents must already be clipped to C. */
export async function fitLdaVips(docs: readonly BagOfWords[], o: LdaVipsOptions): Promise<LdaVipsResult> {
  checkVipsOptions(o);
  const K = o.topics, V = o.vocabSize, tau0 = o.tau0 ?? VIPS_LDA_DEFAULTS.tau0, kappa = o.kappa ?? VIPS_LDA_DEFAULTS.kappa;
  const lambda = initialLambda(K, V, o.rng);
  const batchSizes: number[] = [];
  for (let t = 1; t <= o.iterations; t++) {
    await yieldToEventLoop(); // lets Ctrl-C and progress timers run between iterations
    if (o.signal?.aborted) throw o.signal.reason instanceof Error ? o.signal.reason : new UserError('Interrupted.');
    const batch = poissonSample(docs.length, o.samplingRate);
    batchSizes.push(batch.length);
    const sum = batchStatistics(docs, batch, expectedBeta(lambda, K, V), K, V, o);
    if (o.noiseMultiplier > 0) clampNegatives(addStatisticsNoise(sum, o.noiseMultiplier, o.clipBound));
    const rho = Math.pow(tau0 + t, -kappa);
    const scale = 1 / o.samplingRate;
    for (let i = 0; i < lambda.length; i++) lambda[i] = (1 - rho) * lambda[i]! + rho * (o.eta + sum[i]! * scale);
    o.onIteration?.(t, o.iterations);
  }
  return { lambda, batchSizes };
}
