// What the mean-embedding synthesizers need from a feature map: a fixed output size and a
// differentiable map whose every output row has L2 norm ≤ 1 (the sensitivity proofs rely on it).
import type * as tf from '../engine/tf.js';

export interface FeatureMap {
  readonly name: string;
  readonly dim: number;
  /** [n, dim] features of encoded rows x ([n, width]); ‖row‖₂ ≤ 1 for every possible input. */
  features(x: tf.Tensor2D): tf.Tensor2D;
}
