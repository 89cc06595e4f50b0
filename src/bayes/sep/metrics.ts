// How far one posterior over K component means is from another (card §2.4): components matched
// greedily by nearest mean, then the Euclidean distance of the means and the Frobenius distance of
// the covariances, each averaged over the K components.
import { distance2 } from '../dense.js';
import type { GaussianMoments } from './natural.js';

export interface PosteriorDistance {
  /** Average over components of ‖μ_a − μ_b‖₂. */
  readonly mean: number;
  /** Average over components of ‖Σ_a − Σ_b‖_F. */
  readonly covariance: number;
  /** match[k] = the component of b paired with component k of a. */
  readonly match: readonly number[];
}

export function posteriorDistance(a: readonly GaussianMoments[], b: readonly GaussianMoments[]): PosteriorDistance {
  const K = a.length;
  if (b.length !== K) throw new Error(`posteriorDistance: ${K} components against ${b.length}.`);
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) pairs.push([distance2(a[i]!.mean, b[j]!.mean), i, j]);
  pairs.sort((x, y) => x[0] - y[0]);
  const match = new Array<number>(K).fill(-1), used = new Set<number>();
  for (const [, i, j] of pairs) if (match[i] === -1 && !used.has(j)) { match[i] = j; used.add(j); }
  let mean = 0, covariance = 0;
  for (let i = 0; i < K; i++) {
    mean += distance2(a[i]!.mean, b[match[i]!]!.mean);
    covariance += distance2(a[i]!.covariance, b[match[i]!]!.covariance);
  }
  return { mean: mean / K, covariance: covariance / K, match };
}
