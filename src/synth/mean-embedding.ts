// The one core of the mean-embedding synthesizers (DP-MERF, DP-HP, later DP-NTK and DP-MEPF):
// stream the private rows once and sum each feature map per class; release the sums once with
// Gaussian noise; afterwards only the released values are used (post-processing).
import * as tf from '../engine/tf.js';
import { fillSecureGaussian } from '../engine/random/secure-gaussian.js';
import type { FeatureMap } from '../features/feature-map.js';
import { gaussian, type Ledger } from '../privacy/index.js';

export interface LabeledChunk {
  /** Encoded rows, row-major [rows, width]. */
  x: Float32Array;
  /** Class index of each row. */
  labels: Int32Array;
  rows: number;
}

export interface EmbeddingSums {
  /** Per feature map: Σ_i φ(x_i) ⊗ e_{y_i} as a row-major [dim, classes] matrix. */
  sums: Float64Array[];
  /** Exact rows per class (private: release only through noise). */
  classCounts: Float64Array;
  rows: number;
}

/** One pass over the chunks; memory is the sums, never the rows. */
export async function embedChunks(
  chunks: AsyncIterable<LabeledChunk>, maps: readonly FeatureMap[], classes: number, width: number,
  onRows?: (rows: number) => void,
): Promise<EmbeddingSums> {
  const sums = maps.map((m) => new Float64Array(m.dim * classes));
  const classCounts = new Float64Array(classes);
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.rows === 0) continue;
    tf.tidy(() => {
      const x = tf.tensor2d(chunk.x.subarray(0, chunk.rows * width), [chunk.rows, width]);
      const y = oneHotFloat(chunk.labels.subarray(0, chunk.rows), classes);
      maps.forEach((map, t) => {
        // Project every row onto the unit ball, so the sensitivity bound holds by construction
        // (the maps are built with norm ≤ 1; this only absorbs float32 rounding, or a future bug).
        const raw = map.features(x);
        const f = tf.div(raw, tf.maximum(tf.sqrt(tf.sum(tf.square(raw), 1, true)), 1));
        const part = tf.matMul(y, f, true, false).dataSync(); // [classes, dim]: transposing y, not f
        const s = sums[t]!, dim = map.dim;
        for (let c = 0; c < classes; c++) for (let d = 0; d < dim; d++) s[d * classes + c]! += part[c * dim + d]!;
      });
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

/** Class-conditional mean embeddings [dim, classes] from a released sum and released class sizes. */
export function classMeans(noisySum: Float64Array, classSizes: Float64Array, dim: number): Float32Array {
  const classes = classSizes.length;
  // A class whose noisy size is tiny or negative would turn its noisy sum into a huge "mean": floor
  // the divisor at 0.1% of the released total, as the released proportions are floored.
  const total = classSizes.reduce((a, b) => a + Math.max(0, b), 0);
  const floor = Math.max(1, 1e-3 * total);
  const out = new Float32Array(dim * classes);
  for (let d = 0; d < dim; d++) {
    for (let c = 0; c < classes; c++) out[d * classes + c] = noisySum[d * classes + c]! / Math.max(floor, classSizes[c]!);
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
