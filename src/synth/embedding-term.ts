// One released mean embedding, seen from both sides: the private data side adds per-class feature
// sums of real rows, the generator side turns the released class means into a loss on generated
// rows. Explicit feature maps (random Fourier, product kernels) and maps that never materialise
// their features (the fused Hermite sum kernel, DP-NTK's closed form) share this contract.
// Layout everywhere: class-major [classes, dim].
import * as tf from '../engine/tf.js';
import { unitBallMargin, type FeatureMap } from '../features/feature-map.js';
import { addHermiteClassSums, hermiteClassSumsOp, hermiteSumDim, type HermiteSumKernel } from '../features/hermite-class-sums.js';
import { hermiteNormTable, summedSquaredNorms } from '../features/hermite-norm-table.js';
import { oneHotFloat } from './mean-embedding.js';

/**
 * How a generated batch (n rows per class) estimates ‖target_c − E φ(x)‖². 'biased': the plug-in
 * ‖target_c − mean_i φ(x_i)‖², whose expectation adds tr Cov(φ)/n, a penalty on the diversity of
 * each class's generated rows (with DP-HP's 20 images per class, it visibly shrank the within-class
 * spread). 'unbiased': the U-statistic, which drops the n self-pairs ⟨φ(x_i), φ(x_i)⟩, so its
 * expectation is the distance itself: biased + (‖mean‖² − mean_i ‖φ(x_i)‖²)/(n − 1).
 */
export type MmdEstimator = 'biased' | 'unbiased';
export const MMD_ESTIMATORS: readonly MmdEstimator[] = ['biased', 'unbiased'];

/** Σ_c ‖target_c − mu_c‖², made unbiased with the summed squared feature norms when asked. */
function matchLoss(target: tf.Tensor2D, mu: tf.Tensor2D, perClass: number, estimator: MmdEstimator, summedNorms: () => tf.Scalar): tf.Scalar {
  const biased = tf.sum(tf.square(tf.sub(target, mu))) as tf.Scalar;
  if (estimator === 'biased') return biased;
  if (perClass < 2) throw new Error('The unbiased estimator needs at least 2 generated rows per class.');
  return tf.add(biased, tf.div(tf.sub(tf.sum(tf.square(mu)), tf.div(summedNorms(), perClass)), perClass - 1)) as tf.Scalar;
}

export interface TermLoss {
  /** Σ_c ‖target_c − mean over class block c of φ(x)‖²; rows of x come in class blocks of `perClass`. */
  loss(x: tf.Tensor2D, perClass: number): tf.Scalar;
  /**
   * The reference code's loss for rows with randomly drawn labels: the joint embedding
   * Σ_c ‖p_c · target_c − (1/n) Σ_{j: y_j = c} φ(x_j)‖² over the n rows of x, with released class
   * proportions p. Absent where a term has only the class-block form.
   */
  labelledLoss?(x: tf.Tensor2D, labels: Int32Array, proportions: Float32Array): tf.Scalar;
  dispose(): void;
}

/**
 * labelledLoss for class sums [classes, dim] of the n rows: the joint-embedding match against
 * p_c · target_c. The weighted target is kept between steps (the proportions are fixed for a
 * training run; the broadcast multiply cost about 2% of a DP-HP step).
 */
function jointMatch(target: tf.Tensor2D): { loss(sums: tf.Tensor2D, rows: number, proportions: Float32Array): tf.Scalar; dispose(): void } {
  let cached: { proportions: Float32Array; weighted: tf.Tensor2D } | null = null;
  const weightedBy = (proportions: Float32Array): tf.Tensor2D => {
    if (!cached || cached.proportions.length !== proportions.length || cached.proportions.some((p, c) => p !== proportions[c])) {
      cached?.weighted.dispose();
      const weighted = tf.tidy(() => tf.mul(target, tf.tensor2d(proportions, [proportions.length, 1])) as tf.Tensor2D);
      cached = { proportions: Float32Array.from(proportions), weighted: tf.keep(weighted) };
    }
    return cached.weighted;
  };
  return {
    loss: (sums, rows, proportions) => tf.sum(tf.square(tf.sub(weightedBy(proportions), tf.div(sums, rows)))) as tf.Scalar,
    dispose: () => cached?.weighted.dispose(),
  };
}

export interface EmbeddingTerm {
  readonly name: string;
  /** Feature dimension per class. */
  readonly dim: number;
  /** Adds Σ_{i: y_i = c} φ(x_i) into sums[c·dim …]; every φ(x_i) has norm ≤ 1 (projected if need be). */
  accumulate(x: tf.Tensor2D, labels: Int32Array, classes: number, sums: Float64Array): void;
  /** The generator-side loss against released class means [classes, dim] ('biased' by default). */
  createLoss(means: Float32Array, classes: number, estimator?: MmdEstimator): TermLoss;
  /**
   * L2 change of the class-major sums when one (row, label) is replaced; default 2 (‖φ‖ ≤ 1: the
   * bound for any map). Maps that know better (non-negative features: √2) say so.
   */
  readonly sensitivity?: number;
}

/** Labels 0,0,…,1,1,… of a batch laid out in class blocks. */
export function blockLabels(classes: number, perClass: number): Int32Array {
  return Int32Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass));
}

function checkLabels(labels: Int32Array, classes: number): void {
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i]! >= 0 && labels[i]! < classes)) throw new Error(`label ${labels[i]} of row ${i} is outside 0..${classes - 1}`);
  }
}

function addInto(sums: Float64Array, part: ArrayLike<number>): void {
  for (let j = 0; j < part.length; j++) sums[j]! += part[j]!;
}

/** Indices of the rows of `f` whose values are all finite, or null when every row is. */
function finiteRows(f: tf.Tensor2D): Int32Array | null {
  const flags = tf.tidy(() => tf.isFinite(tf.sum(f, 1)));
  const finite = flags.dataSync();
  flags.dispose();
  if (finite.every((v) => v)) return null;
  const keep: number[] = [];
  finite.forEach((v, i) => { if (v) keep.push(i); });
  return Int32Array.from(keep);
}

/** A term from a map whose features are computed explicitly ([n, dim] tensors). */
export function explicitTerm(map: FeatureMap): EmbeddingTerm {
  return {
    name: map.name,
    dim: map.dim,
    accumulate(x, labels, classes, sums) {
      checkLabels(labels, classes);
      const part = tf.tidy(() => {
        const raw = map.features(x);
        // A row with a non-finite feature is dropped rather than poisoning its class sum. The rows
        // are picked on the host: masking [n, dim] through a broadcast mask (wasm Tile) took most
        // of DP-MEPF's embedding time.
        // (No rows left: an empty product, which the engine's matMul returns as zeros.)
        const keep = finiteRows(raw);
        const clean = keep ? tf.gather(raw, keep) : raw;
        const kept = keep ? Int32Array.from(keep, (i) => labels[i]!) : labels;
        // Onto the unit ball: the maps have norm ≤ 1 by construction; the margin covers float32.
        const margin = unitBallMargin(map.dim);
        const f = tf.div(clean, tf.maximum(tf.mul(tf.sqrt(tf.sum(tf.square(clean), 1, true)), margin), 1));
        return tf.matMul(oneHotFloat(kept, classes), f, true, false); // [classes, dim]
      });
      addInto(sums, part.dataSync());
      part.dispose();
    },
    createLoss(means, classes, estimator = 'biased') {
      const target = tf.tensor2d(means, [classes, map.dim]);
      const joint = jointMatch(target);
      return {
        loss: (x, perClass) => tf.tidy(() => {
          const f = map.features(x);
          const mu = tf.mean(tf.reshape(f, [classes, perClass, map.dim]), 1) as tf.Tensor2D;
          return matchLoss(target, mu, perClass, estimator, () => tf.sum(tf.square(f)) as tf.Scalar);
        }),
        labelledLoss: (x, labels, proportions) => tf.tidy(() =>
          joint.loss(tf.matMul(oneHotFloat(labels, classes), map.features(x), true, false), x.shape[0], proportions)),
        dispose: () => { joint.dispose(); target.dispose(); },
      };
    },
  };
}

/** DP-HP's sum kernel over all coordinates, through the fused SIMD kernel. */
export function hermiteSumTerm(kernel: HermiteSumKernel): EmbeddingTerm {
  const dim = hermiteSumDim(kernel);
  return {
    name: `Hermite sum kernel (order ${kernel.order}, ρ ${kernel.rho.toPrecision(4)}) over ${kernel.dim} coordinates`,
    dim,
    accumulate(x, labels, classes, sums) {
      checkLabels(labels, classes);
      const part = new Float32Array(classes * dim);
      addHermiteClassSums(kernel, x.dataSync() as Float32Array, labels, classes, part);
      addInto(sums, part);
    },
    createLoss(means, classes, estimator = 'biased') {
      const target = tf.tensor2d(means, [classes, dim]);
      const joint = jointMatch(target);
      // The feature norms from a table on [0, 1]: the unbiased estimator is for pixels.
      const norms = estimator === 'unbiased' ? hermiteNormTable(kernel.rho, kernel.order) : null;
      return {
        loss: (x, perClass) => tf.tidy(() => {
          const s = hermiteClassSumsOp(kernel, x, blockLabels(classes, perClass), classes);
          return matchLoss(target, tf.div(s, perClass) as tf.Tensor2D, perClass, estimator, () => summedSquaredNorms(norms!, x));
        }),
        labelledLoss: (x, labels, proportions) => tf.tidy(() =>
          joint.loss(hermiteClassSumsOp(kernel, x, labels, classes), x.shape[0], proportions)),
        dispose: () => { joint.dispose(); target.dispose(); },
      };
    },
  };
}
