// DP-MERF's kernel length scale for images by a private median heuristic: the median distance
// between images, released by the exponential mechanism. Images are paired at random (a permutation drawn
// independently of the data, so pairs do not follow the file's order), each in at most one pair: replacing one image changes one distance, the quantile utility
// moves by at most 1, and the release is ε-DP (estimate/quantile.ts). The reference code hard-codes
// the non-private median of the whole training set instead (pitfall P-MERF-4).
import type { Rng } from '../../engine/random/seeded-rng.js';
import { exponentialMechanism, type Ledger } from '../../privacy/index.js';
import { addToGridHistogram, createGridHistogram } from '../../estimate/grid.js';
import { dpQuantile } from '../../estimate/quantile.js';

export function privateMedianDistance(pixels: Float32Array, count: number, dim: number, epsilon: number, ledger: Ledger, rng: Rng): number {
  const histogram = createGridHistogram();
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) { const j = rng.int(i + 1); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
  for (let i = 0; i + 1 < count; i += 2) {
    let sq = 0;
    const a = order[i]! * dim, b = order[i + 1]! * dim;
    for (let p = 0; p < dim; p++) { const diff = pixels[a + p]! - pixels[b + p]!; sq += diff * diff; }
    addToGridHistogram(histogram, Math.sqrt(sq));
  }
  ledger.register('kernel length scale (median distance of image pairs)', exponentialMechanism(epsilon), { quantile: 0.5 }); // no pair count here: it would reveal the image count
  const median = dpQuantile(histogram, 0.5, epsilon);
  // A median of 0 (e.g. many duplicate images) would give infinite frequencies; fall back to 1.
  return median > 0 ? median : 1;
}
