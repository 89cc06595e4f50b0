// What the mean-embedding synthesizers need from a feature map: a fixed output size and a
// differentiable map whose every output row has L2 norm ≤ 1 (the sensitivity proofs rely on it).
import type * as tf from '../engine/tf.js';

/**
 * The factor rows are divided by on top of their norm so that ‖row‖ ≤ 1 survives float32: it covers
 * the rounding of a norm summed over `dim` squares (relative error ≤ dim·2⁻²⁴) and a division.
 */
export function unitBallMargin(dim: number): number {
  return 1 + 1e-6 + dim * 2 ** -24;
}

export interface FeatureMap {
  readonly name: string;
  readonly dim: number;
  /** [n, dim] features of encoded rows x ([n, width]); ‖row‖₂ ≤ 1 for every possible input. */
  features(x: tf.Tensor2D): tf.Tensor2D;
}
