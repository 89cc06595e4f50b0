// DP-MEPF's moving-average generator loss (GFMN, method card §5.4). The plain loss
// ‖μ̃ − μ̂(batch)‖² steers the generator by the difference of the released class means μ̃ and ONE
// batch's means, which is noisy at batch 100 and 44k features. Instead, a vector v per term tracks
// that difference: each step v takes one Adam step on ‖v − (μ̃ − μ̂(batch))‖² (learning rate
// `rate`), and the generator minimises −⟨v, μ̂(batch)⟩ with v held fixed, so its gradient is the
// plain loss's with the smoothed difference in place of the batch's. Touches released values only.
import * as tf from '../engine/tf.js';
import type { FeatureMap } from '../features/feature-map.js';
import type { TermLoss } from '../synth/embedding-term.js';

export interface MovingAverageOptions {
  /** Adam learning rate of v (the card: 1e-3 for Fashion-MNIST, 1e-4 for MNIST at 100k steps). */
  rate: number;
  beta1?: number;
  beta2?: number;
}

/** A TermLoss against released class means [classes, map.dim] with the moving-average update. */
export function movingAverageLoss(map: FeatureMap, means: Float32Array, classes: number, o: MovingAverageOptions): TermLoss {
  const target = tf.tensor2d(means, [classes, map.dim]);
  const v = tf.variable(tf.zeros([classes, map.dim])); // trained by its own Adam only: the generator step names its variables
  const adam = tf.train.adam(o.rate, o.beta1 ?? 0.9, o.beta2 ?? 0.999, 1e-8);
  return {
    loss: (x, perClass) => {
      const mu = tf.mean(tf.reshape(map.features(x), [classes, perClass, map.dim]), 1) as tf.Tensor2D;
      // v's step uses the batch difference as a constant: its values, not its graph.
      const difference = tf.tidy(() => tf.sub(target, mu));
      const constant = tf.tensor2d(difference.dataSync() as Float32Array, [classes, map.dim]);
      difference.dispose();
      tf.tidy(() => { adam.minimize(() => tf.sum(tf.square(tf.sub(v, constant))) as tf.Scalar, false, [v]); });
      constant.dispose();
      return tf.neg(tf.sum(tf.mul(v, mu))) as tf.Scalar;
    },
    dispose: () => { tf.dispose([target, v]); adam.dispose(); },
  };
}
