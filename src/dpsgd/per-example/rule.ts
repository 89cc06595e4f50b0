// What the DP engine needs from each kind of linear op: per-example squared gradient norms and the
// sum of per-example gradients weighted by the clip factors, both restricted to a coordinate mask.
import type * as tf from '../../engine/tf.js';
import type { OpRecord } from '../trace.js';

/** A 0/1 mask per parameter (same shape); absent parameters are fully trainable. */
export type ParamMasks = ReadonlyMap<tf.Variable, tf.Tensor>;

export interface PerExampleRule {
  /** Adds each example's squared gradient norm (over this op's masked parameters) to sq. */
  addSquaredNorms(record: OpRecord, masks: ParamMasks, sq: Float64Array): void;
  /** Σ_i c_i · g_i for each parameter of the op (masked coordinates are 0). */
  clippedSums(record: OpRecord, clip: ClipFactors, masks: ParamMasks): Array<[tf.Variable, tf.Tensor]>;
}

/** Per-example clip factors, as numbers and as a [B] tensor. */
export interface ClipFactors {
  readonly values: Float32Array;
  readonly tensor: tf.Tensor1D;
}
