// The one core of the mean-embedding synthesizers (DP-MERF, DP-HP, later DP-NTK and DP-MEPF):
// stream the private rows once and sum each feature map per class; release the sums once with
// Gaussian noise; afterwards only the released values are used (post-processing).
import * as tf from '../engine/tf.js';
import { fillSecureGaussian } from '../engine/random/secure-gaussian.js';
import type { EmbeddingTerm } from './embedding-term.js';
import { gaussian, type Ledger } from '../privacy/index.js';

export interface LabeledChunk {
  /** Encoded rows, row-major [rows, width]. */
  x: Float32Array;
  /** Class index of each row. */
  labels: Int32Array;
  rows: number;
}

export interface EmbeddingSums {
  /** Per term: Σ_i φ(x_i) ⊗ e_{y_i}, class-major [classes, dim]. */
  sums: Float64Array[];
  /** Exact rows per class (private: release only through noise). */
  classCounts: Float64Array;
  rows: number;
}

/** One pass over the chunks; memory is the sums, never the rows. */
export async function embedChunks(
  chunks: AsyncIterable<LabeledChunk>, terms: readonly EmbeddingTerm[], classes: number, width: number,
  onRows?: (rows: number) => void,
): Promise<EmbeddingSums> {
  const sums = terms.map((t) => new Float64Array(t.dim * classes));
  const classCounts = new Float64Array(classes);
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.rows === 0) continue;
    const labels = chunk.labels.subarray(0, chunk.rows);
    tf.tidy(() => {
      const x = tf.tensor2d(chunk.x.subarray(0, chunk.rows * width), [chunk.rows, width]);
      terms.forEach((term, t) => term.accumulate(x, labels, classes, sums[t]!));
    });
    for (let i = 0; i < chunk.rows; i++) classCounts[chunk.labels[i]!]! += 1;
    rows += chunk.rows;
    onRows?.(chunk.rows);
  }
  return { sums, classCounts, rows };
}

export function oneHotFloat(labels: Int32Array, classes: number): tf.Tensor2D {
  // tf.oneHot refuses depth 1, which is what synthesis without a target uses.
  if (classes === 1) return tf.ones([labels.length, 1]);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32') as tf.Tensor2D);
}

/** values + N(0, std²) with noise from the secure source. */
export function addSecureNoise(values: Float64Array, std: number): Float64Array {
  const noise = new Float64Array(values.length);
  fillSecureGaussian(noise, std);
  for (let i = 0; i < noise.length; i++) noise[i]! += values[i]!;
  return noise;
}

/** Class-conditional means [classes, dim] from a released class-major sum and released class sizes. */
export function classMeans(noisySum: Float64Array, classSizes: Float64Array, dim: number): Float32Array {
  // A class whose noisy size is tiny or negative would turn its noisy sum into a huge "mean": floor
  // the divisor at 0.1% of the released total, as the released proportions are floored.
  const total = classSizes.reduce((a, b) => a + Math.max(0, b), 0);
  const floor = Math.max(1, 1e-3 * total);
  const out = new Float32Array(noisySum.length);
  for (let c = 0; c < classSizes.length; c++) {
    const divisor = Math.max(floor, classSizes[c]!);
    for (let d = 0; d < dim; d++) out[c * dim + d] = noisySum[c * dim + d]! / divisor;
  }
  return out;
}

/**
 * Releases a sum whose L2 change is at most `sensitivity` when one record is replaced (for
 * per-record contributions of norm ≤ 1 that is 2, or √2 for class counts). Adds secure N(0, (σ·Δ)²)
 * noise and registers gaussian(σ) in the ledger (which refuses it if the budget would be exceeded).
 */
export function releaseSum(
  ledger: Ledger, label: string, sum: Float64Array, noiseMultiplier: number, sensitivity: number,
  details: Record<string, unknown> = {},
): Float64Array {
  const std = noiseMultiplier * sensitivity;
  ledger.register(label, gaussian(noiseMultiplier), { ...details, sensitivity, noiseStd: std, dimension: sum.length });
  return addSecureNoise(sum, std);
}

/** Class proportions from released counts: negatives clipped to a small floor, renormalised (post-processing). */
export function releasedProportions(sizes: Float64Array): Float64Array {
  const total = sizes.reduce((a, b) => a + Math.max(0, b), 0);
  const p = Float64Array.from(sizes, (s) => Math.max(1e-3, total > 0 ? Math.max(0, s) / total : 1 / sizes.length));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / sum);
}
