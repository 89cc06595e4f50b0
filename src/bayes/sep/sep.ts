// Stochastic expectation propagation (Li, Hernández-Lobato & Turner 2015) with the DP-SEP
// additions (Vinaroz & Park 2022), in natural parameters. The approximation is
// q(θ) ∝ p₀(θ)·f(θ)^N with one average site f; a step on a batch B of records does
//   cavity  λ_cav = λ₀ + (N − 1)λ_f
//   local   λ_{f_n} = moment-match(q_cav · p(x_n | θ)) − λ_cav        for n ∈ B
//   update  λ_f ← λ_f + ξ Σ_{n∈B} (clip_C(λ_{f_n}) − λ_f),  ξ = γ/N
// and DP-SEP then releases the update with Gaussian noise, repairs the precision blocks to positive
// definite and clips λ_f back to C (both post-processing). The sensitivity is in `sepSensitivity`.
import { fillSecureGaussian } from '../../engine/random/secure-gaussian.js';
import { yieldToEventLoop } from '../../engine/event-loop.js';
import { createRng } from '../../engine/random/seeded-rng.js';
import { poissonSample } from '../../dpsgd/poisson.js';
import { floorEigenvalues, symmetrize } from '../dense.js';
import { type GaussianMoments, momentsFromNatural } from './natural.js';
import type { SepModel } from './model.js';
import { addScaledSite, cloneSite, clipSiteInPlace, combineSites, type Site, zeroSite } from './site.js';

export interface SepStepOptions {
  /** Damping γ; the step size is ξ = γ/N. */
  readonly gamma: number;
  /** N as the algorithm knows it: declared public or released privately, never the raw count. */
  readonly size: number;
  /** Clipping norm C for every block of every local site, or null for plain SEP. */
  readonly clip: number | null;
}

export function cavityOf(prior: Site, site: Site, size: number): Site {
  return combineSites(1, prior, size - 1, site);
}

/** q = p₀·f^N in natural form: λ₀ + N·λ_f. */
export function posteriorOf(prior: Site, site: Site, size: number): Site {
  return combineSites(1, prior, size, site);
}

/**
 * The pre-noise SEP update on a batch, λ_f + ξ Σ_{n∈B}(clip(λ_{f_n}) − λ_f); every local site is
 * computed from the same cavity, so record n's term depends on record n and λ_f only. Returns null
 * when the cavity is not a proper Gaussian (the step is then skipped).
 */
export function sepUpdate(model: SepModel, site: Site, batch: readonly number[], o: SepStepOptions): Site | null {
  const next = cloneSite(site);
  if (batch.length === 0) return next;
  const local = model.localSites(cavityOf(model.prior, site, o.size), batch);
  if (local === null) return null;
  const xi = o.gamma / o.size;
  for (const l of local) {
    if (o.clip !== null) clipSiteInPlace(l, o.clip);
    addScaledSite(next, xi, l);
    addScaledSite(next, -xi, site);
  }
  return next;
}

export interface SensitivityOptions {
  readonly gamma: number;
  readonly size: number;
  readonly clip: number;
  /** Clipped blocks: 2 per component (h_k and Λ_k). */
  readonly blocks: number;
}

/**
 * L2 sensitivity of the pre-noise update, over all blocks at once (precision blocks as full d×d
 * matrices), under add/remove-one of a record with Poisson sampling: adding record x* to the data
 * either leaves the batch alone or adds x* to it, which adds ξ(clip(λ_{f*}) − λ_f) to the update
 * and changes nothing else (other records' terms depend only on themselves and the public λ_f).
 * Per block ‖clip(λ_{f*})_b − (λ_f)_b‖_F ≤ C + C, because every local site is clipped to C and
 * λ_f is kept clipped to C (the initial f = 0, and after each release by post-processing). So the
 * concatenation of the 2K blocks moves by at most ξ·2C·√(2K) = 2γC√(2K)/N.
 */
export function sepSensitivity(o: SensitivityOptions): number {
  return (2 * o.gamma / o.size) * o.clip * Math.sqrt(o.blocks);
}

/**
 * The Gaussian mechanism on the update: N(0, std²) on every entry, full precision matrices
 * included, then each precision block symmetrized. Symmetrizing is post-processing of the
 * full-matrix release (the update itself is symmetric), so diagonal entries keep std `std` and
 * off-diagonal ones end with std/√2.
 */
export function addSiteNoise(site: Site, std: number): Site {
  const out = cloneSite(site);
  for (const c of out) {
    const zl = new Float64Array(c.linear.length), zp = new Float64Array(c.precision.length);
    fillSecureGaussian(zl, std);
    fillSecureGaussian(zp, std);
    for (let i = 0; i < zl.length; i++) c.linear[i] += zl[i]!;
    for (let i = 0; i < zp.length; i++) c.precision[i] += zp[i]!;
    symmetrize(c.precision, c.dim);
  }
  return out;
}

/** Post-processing after the noise: precision eigenvalues floored (a proper factor), then λ_f clipped to C. */
export function repairSite(site: Site, eigenFloor: number, clip: number | null): Site {
  const out = site.map((c) => ({ dim: c.dim, linear: Float64Array.from(c.linear), precision: floorEigenvalues(c.precision, c.dim, eigenFloor) }));
  return clip === null ? out : clipSiteInPlace(out, clip);
}

export type SepSampling = 'poisson' | 'shuffle';

export interface SepRunOptions extends SepStepOptions {
  readonly model: SepModel;
  readonly epochs: number;
  /** Noise std added to each released update (0: no noise, plain or clipped SEP). */
  readonly noiseStd: number;
  /**
   * 'poisson': epochs·N steps, each on a Poisson sample with rate 1/N from the secure source
   * (what the accountant assumes; required with noise). 'shuffle': one record per step in a seeded
   * random order, a fresh permutation each epoch.
   */
  readonly sampling: SepSampling;
  /** Seed of the shuffled order (shuffle sampling only). */
  readonly seed?: number;
  /** Floor of the precision eigenvalues after the noise (default 1e-4). */
  readonly eigenFloor?: number;
  /**
   * Average the released λ_f over the last `tailAverage` fraction of the steps (0 < f ≤ 1) instead
   * of reporting the last one: post-processing of released iterates, which divides the stationary
   * noise of DP-SEP by about √(steps averaged · ξ). Default 0 (the last iterate, plain SEP).
   */
  readonly tailAverage?: number;
  /** Called every few hundred steps with (steps done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface SepRunResult {
  /** The average site λ_f. */
  readonly site: Site;
  /** q = λ₀ + N·λ_f in natural form and as moments (one Gaussian per component). */
  readonly posterior: Site;
  readonly moments: GaussianMoments[];
  readonly steps: number;
  /** Steps skipped because the cavity was not a proper Gaussian. */
  readonly skippedSteps: number;
  /** True when the final q had to be repaired to positive definite to report moments. */
  readonly posteriorRepaired: boolean;
}

export async function runSep(o: SepRunOptions): Promise<SepRunResult> {
  const { model } = o;
  if (o.noiseStd > 0 && o.sampling !== 'poisson') throw new Error('runSep: noisy (private) SEP needs Poisson sampling, which the accountant assumes.');
  const eigenFloor = o.eigenFloor ?? 1e-4;
  const total = o.sampling === 'poisson' ? o.epochs * o.size : o.epochs * model.records;
  const rng = createRng(o.seed ?? 0);
  const order = Int32Array.from({ length: model.records }, (_, i) => i);
  let site: Site = zeroSite(model.components, model.dim);
  let skipped = 0;
  const tail = o.tailAverage ?? 0;
  if (!(tail >= 0 && tail <= 1)) throw new Error(`runSep: tailAverage must be in [0, 1], got ${tail}.`);
  const averageFrom = tail > 0 ? Math.min(total - 1, Math.floor(total * (1 - tail))) : total;
  const average = zeroSite(model.components, model.dim);
  for (let t = 0; t < total; t++) {
    let batch: readonly number[];
    if (o.sampling === 'poisson') batch = Array.from(poissonSample(model.records, 1 / o.size));
    else {
      const pos = t % model.records;
      if (pos === 0) shuffle(order, rng);
      batch = [order[pos]!];
    }
    const next = sepUpdate(model, site, batch, o);
    if (next === null) skipped++;
    const updated = next ?? site;
    // The release happens every step, skipped or not: the noise is never conditional on the data.
    site = o.noiseStd > 0 ? repairSite(addSiteNoise(updated, o.noiseStd), eigenFloor, o.clip) : updated;
    if (t >= averageFrom) addScaledSite(average, 1 / (total - averageFrom), site);
    if ((t + 1) % 500 === 0 || t + 1 === total) {
      o.onProgress?.(t + 1, total);
      if ((t + 1) % 5000 === 0) await yieldToEventLoop();
      if (o.signal?.aborted) throw o.signal.reason ?? new Error('SEP run aborted.');
    }
  }
  if (averageFrom < total) site = average;
  const posterior = posteriorOf(model.prior, site, o.size);
  let repaired = false;
  const moments = posterior.map((c) => {
    const m = momentsFromNatural(c);
    if (m !== null) return m;
    repaired = true;
    return momentsFromNatural({ dim: c.dim, linear: c.linear, precision: floorEigenvalues(c.precision, c.dim, eigenFloor) })!;
  });
  return { site, posterior, moments, steps: total, skippedSteps: skipped, posteriorRepaired: repaired };
}

function shuffle(a: Int32Array, rng: { int(n: number): number }): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!; a[i] = a[j]!; a[j] = t;
  }
}
