// Feature maps over encoded table rows, built column by column so every column keeps its own
// kernel: a categorical column's one-hot block is its exact feature (delta kernel, norm 1); a
// numeric column gets Hermite features of its centred scaled value, zeroed when missing, plus its
// missing indicator (norm ≤ 1). These per-column blocks ψ_j give
//   sum kernel      (1/√J)·[ψ_1; …; ψ_J]          (norm ≤ 1)
//   product kernel  ψ_a ⊗ ψ_b ⊗ …  over a subset   (norm ≤ 1)
// and random Fourier features for DP-MERF.
import * as tf from '../engine/tf.js';
import type { ColumnBlock } from '../data/index.js';
import type { FeatureMap } from '../features/feature-map.js';
import { hermiteRho } from '../features/hermite.js';
import { hermiteFeaturesFast } from '../features/hermite-fast.js';
import { fourierFeatures } from '../features/random-fourier.js';

export interface ColumnKernelOptions {
  /** Hermite order for numeric columns. */
  order: number;
  /** Gaussian kernel length scale on the [0, 1]-scaled numeric value (public: independent of the data). */
  lengthScale: number;
}

interface NumericLayout { valueIdx: Int32Array; missingIdx: Int32Array }

/** Value and missing-indicator positions of the numeric blocks; `width` points at an appended zero column. */
function numericLayout(blocks: readonly ColumnBlock[], width: number): NumericLayout {
  const numeric = blocks.filter((b) => b.type !== 'categorical');
  return {
    valueIdx: Int32Array.from(numeric, (b) => b.offset),
    missingIdx: Int32Array.from(numeric, (b) => (b.missingSlot >= 0 ? b.offset + b.missingSlot : width)),
  };
}

/**
 * Columns `idx` of x as one matMul with a 0/1 selection matrix (exact in float; on wasm a gather
 * along axis 1 costs ~5x more, forward and backward). An index equal to the width selects zeros.
 */
export function selectColumns(x: tf.Tensor2D, idx: Int32Array): tf.Tensor2D {
  const width = x.shape[1];
  const pick = new Float32Array(width * idx.length);
  idx.forEach((col, j) => { if (col < width) pick[col * idx.length + j] = 1; });
  return tf.matMul(x, tf.tensor2d(pick, [width, idx.length]));
}

/**
 * Numeric column features [n, Jn, order + 2]: Hermite features of the centred value, zeroed when the
 * missing indicator is on, then the indicator itself. One Hermite op for all numeric columns.
 */
function numericFeatures(x: tf.Tensor2D, layout: NumericLayout, opts: ColumnKernelOptions): tf.Tensor3D {
  const n = x.shape[0];
  const values = selectColumns(x, layout.valueIdx);
  const missing = selectColumns(x, layout.missingIdx);
  const phi = hermiteFeaturesFast(tf.sub(values, 0.5) as tf.Tensor2D, hermiteRho(opts.lengthScale ** 2), opts.order);
  const present = tf.reshape(tf.sub(1, missing), [n, -1, 1]);
  return tf.concat([tf.mul(phi, present), tf.reshape(missing, [n, -1, 1])], 2) as tf.Tensor3D;
}

/** Per-column feature blocks ψ_j of encoded rows for the columns `which` (indices into blocks). */
export function columnBlockFeatures(x: tf.Tensor2D, blocks: readonly ColumnBlock[], width: number, opts: ColumnKernelOptions, which: readonly number[]): tf.Tensor2D[] {
  const n = x.shape[0];
  const numeric = which.filter((j) => blocks[j]!.type !== 'categorical');
  const layout = numericLayout(numeric.map((j) => blocks[j]!), width);
  const num = numeric.length > 0 ? numericFeatures(x, layout, opts) : null;
  return which.map((j) => {
    const b = blocks[j]!;
    if (b.type === 'categorical') return tf.slice(x, [0, b.offset], [n, b.width]);
    const k = numeric.indexOf(j);
    return tf.reshape(tf.slice(num!, [0, k, 0], [n, 1, opts.order + 2]), [n, opts.order + 2]) as tf.Tensor2D;
  });
}

export function blockFeatureDims(blocks: readonly ColumnBlock[], opts: ColumnKernelOptions): number[] {
  return blocks.map((b) => (b.type === 'categorical' ? b.width : opts.order + 2));
}

/** The sum kernel over all columns: categorical slots by one selection, numeric features by one Hermite op. */
export function sumKernelMap(blocks: readonly ColumnBlock[], width: number, opts: ColumnKernelOptions): FeatureMap {
  const dims = blockFeatureDims(blocks, opts);
  const scale = 1 / Math.sqrt(blocks.length);
  const catIdx = Int32Array.from(blocks.filter((b) => b.type === 'categorical').flatMap((b) => Array.from({ length: b.width }, (_, i) => b.offset + i)));
  const layout = numericLayout(blocks, width);
  return {
    name: 'sum kernel over columns',
    dim: dims.reduce((a, b) => a + b, 0),
    features: (x) => tf.tidy(() => {
      const n = x.shape[0];
      const parts: tf.Tensor2D[] = [];
      if (catIdx.length > 0) parts.push(selectColumns(x, catIdx));
      if (layout.valueIdx.length > 0) parts.push(tf.reshape(numericFeatures(x, layout, opts), [n, -1]) as tf.Tensor2D);
      return tf.mul(parts.length === 1 ? parts[0]! : tf.concat(parts, 1), scale) as tf.Tensor2D;
    }),
  };
}

/** The product kernel over the columns `subset` (indices into blocks). */
export function productKernelMap(blocks: readonly ColumnBlock[], width: number, opts: ColumnKernelOptions, subset: readonly number[]): FeatureMap {
  const dims = blockFeatureDims(blocks, opts);
  return {
    name: `product kernel over ${subset.map((j) => blocks[j]!.name).join(' × ')}`,
    dim: subset.reduce((a, j) => a * dims[j]!, 1),
    features: (x) => tf.tidy(() => {
      const n = x.shape[0];
      const psi = columnBlockFeatures(x, blocks, width, opts, subset);
      let out = psi[0]!;
      for (const next of psi.slice(1)) {
        out = tf.reshape(tf.mul(tf.reshape(out, [n, -1, 1]), tf.reshape(next, [n, 1, -1])), [n, -1]) as tf.Tensor2D;
      }
      return out;
    }),
  };
}

/**
 * DP-MERF's heterogeneous map: random Fourier features of the numeric slots (values and missing
 * indicators) beside the one-hot categorical slots scaled to norm 1, the whole scaled by 1/√2 when
 * both parts exist, so ‖φ‖ ≤ 1 with one-hot categoricals (the reference's integer codes break this).
 */
export function fourierColumnMap(blocks: readonly ColumnBlock[], width: number, omega: Float32Array, features: number): FeatureMap {
  const numericIdx = blocks.filter((b) => b.type !== 'categorical').flatMap((b) => Array.from({ length: b.width }, (_, i) => b.offset + i));
  const categorical = blocks.filter((b) => b.type === 'categorical');
  const catIdx = categorical.flatMap((b) => Array.from({ length: b.width }, (_, i) => b.offset + i));
  const parts = (numericIdx.length > 0 ? 1 : 0) + (catIdx.length > 0 ? 1 : 0);
  if (omega.length !== numericIdx.length * (features / 2)) throw new Error('frequency matrix does not match the numeric slots');
  return {
    name: `random Fourier features (${features}) and one-hot categoricals`,
    dim: (numericIdx.length > 0 ? features : 0) + catIdx.length,
    features: (x) => tf.tidy(() => {
      const pieces: tf.Tensor2D[] = [];
      if (numericIdx.length > 0) {
        const xn = selectColumns(x, Int32Array.from(numericIdx));
        pieces.push(fourierFeatures(xn, tf.tensor2d(omega, [numericIdx.length, features / 2])));
      }
      if (catIdx.length > 0) {
        pieces.push(tf.div(selectColumns(x, Int32Array.from(catIdx)), Math.sqrt(categorical.length)) as tf.Tensor2D);
      }
      return tf.div(pieces.length === 1 ? pieces[0]! : tf.concat(pieces, 1), Math.sqrt(parts)) as tf.Tensor2D;
    }),
  };
}

/** Numeric slots of the encoding (values and missing indicators), for sizing RFF frequencies. */
export function numericSlotCount(blocks: readonly ColumnBlock[]): number {
  return blocks.filter((b) => b.type !== 'categorical').reduce((a, b) => a + b.width, 0);
}
