// Expected sufficient statistics of Bayesian logistic regression under Pólya-Gamma augmentation,
// summed over a set of rows:  s₁ = Σ (yₙ − ½) xₙ   and   S₂ = Σ E[ωₙ] xₙxₙᵀ,
// with E[ωₙ] = E[PG(1, cₙ)], cₙ = √(xₙᵀ E[θθᵀ] xₙ) under the current q(θ).
//
// Sensitivity (add/remove-one record, ‖x‖ ≤ 1, y ∈ {0,1}): one record adds (y − ½)x, of norm ≤ ½,
// and E[ω] x xᵀ, of Frobenius norm E[ω]‖x‖² ≤ ¼. Both are released as one vector
// v = [s₁; w·diag S₂; w·√2·upper(S₂)], whose norm is √(‖s₁‖² + w²‖S₂‖²_F), so its L2 sensitivity
// is Δ(w) = √(1/4 + w²/16). The weight w (public) shares the noise between the blocks: Gaussian
// noise N(0, σ²Δ²) on v is std σΔ on s₁, σΔ/w on S₂'s diagonal and σΔ/(w√2) on each off-diagonal
// pair (added once, mirrored). S₂ has d(d+1)/2 entries against s₁'s d, and its noise hurts most
// (measured on a validation split of Adult's training rows), so the default w is 4.
import { fillSecureGaussian } from '../../engine/random/secure-gaussian.js';
import { polyaGammaMean } from './polya-gamma.js';
import type { LogregData } from './model.js';

export const DEFAULT_SECOND_BLOCK_WEIGHT = 4;

/** Δ(w) of the jointly released statistics (see the module comment). */
export function statisticsSensitivity(secondBlockWeight: number): number {
  return Math.sqrt(0.25 + (secondBlockWeight * secondBlockWeight) / 16);
}

export interface LogregStatistics {
  readonly s1: Float64Array;
  /** Row-major d×d, symmetric. */
  readonly s2: Float64Array;
}

/** E[θθᵀ] = Σ + μμᵀ, the matrix the Pólya-Gamma parameters are read from. */
export function secondMoment(mean: Float64Array, covariance: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(covariance);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m[i * d + j] += mean[i]! * mean[j]!;
  return m;
}

/** Sums the statistics over `rows` (indices into data), given E[θθᵀ]. */
export function expectedStatistics(data: LogregData, rows: ArrayLike<number>, thetaSecondMoment: Float64Array): LogregStatistics {
  const d = data.dim, s1 = new Float64Array(d), s2 = new Float64Array(d * d);
  const Mx = new Float64Array(d);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!, o = i * d, x = data.features;
    let c2 = 0;
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += thetaSecondMoment[a * d + b]! * x[o + b]!;
      Mx[a] = s;
      c2 += x[o + a]! * s;
    }
    const omega = polyaGammaMean(Math.sqrt(Math.max(0, c2)));
    const yc = data.labels[i]! - 0.5;
    for (let a = 0; a < d; a++) {
      const xa = x[o + a]!;
      if (xa === 0) continue;
      s1[a] += yc * xa;
      const w = omega * xa;
      for (let b = 0; b <= a; b++) s2[a * d + b] += w * x[o + b]!;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) s2[b * d + a] = s2[a * d + b]!;
  return { s1, s2 };
}

/** The Gaussian mechanism on the statistics (see the module comment for the per-entry stds). */
export function privatizeStatistics(stats: LogregStatistics, noiseMultiplier: number, d: number, secondBlockWeight = DEFAULT_SECOND_BLOCK_WEIGHT): LogregStatistics {
  const std = noiseMultiplier * statisticsSensitivity(secondBlockWeight);
  const z1 = new Float64Array(d), zd = new Float64Array(d), zo = new Float64Array((d * (d - 1)) / 2);
  fillSecureGaussian(z1, std);
  fillSecureGaussian(zd, std / secondBlockWeight);
  fillSecureGaussian(zo, std / (secondBlockWeight * Math.SQRT2));
  const s1 = Float64Array.from(stats.s1, (v, i) => v + z1[i]!);
  const s2 = Float64Array.from(stats.s2);
  let k = 0;
  for (let a = 0; a < d; a++) {
    s2[a * d + a] += zd[a]!;
    for (let b = 0; b < a; b++) {
      const z = zo[k++]!;
      s2[a * d + b] += z;
      s2[b * d + a] += z;
    }
  }
  return { s1, s2 };
}
