// Q-FIT's global importance as a traced layer, for DP-SGD: z = c · x ⊙ s[groups] with s a Dirichlet
// draw from φ = softplus(θ) (or the mean φ/Σφ), drawn on the CPU at every forward pass. The op hands
// DP-SGD's per-example rule (dpsgd/per-example/simplex-scale.ts) the draw and the factor a_k of
// ∂s_j/∂θ_k = (δ_jk − s_j)·a_k, so each example's gradient in θ is bounded and clipped like any other.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { drawDirichlet, sigmoid, softplus } from '../dirichlet/index.js';
import { traced, type Trace } from '../nn/layer.js';

export interface ImportanceLayerOptions {
  readonly estimator: 'sample' | 'point';
  /** Feature of each input column (null: one column per feature). */
  readonly groups: Int32Array | null;
  readonly inputScale: number;
  /** Dirichlet draws (sample mode). */
  readonly rng: Rng;
}

/** x ↦ c · x ⊙ s[groups] for the current θ; one draw per call, shared by the batch. */
export function importanceLayer(theta: tf.Variable, o: ImportanceLayerOptions): (x: tf.Tensor, trace: Trace | null) => tf.Tensor {
  return (x, trace) => {
    const th = theta.dataSync() as Float32Array;
    const phi = Float64Array.from(th, softplus);
    const d = phi.length;
    const sample = new Float32Array(d), factor = new Float32Array(d);
    if (o.estimator === 'sample') {
      const draw = drawDirichlet(phi, o.rng);
      for (let k = 0; k < d; k++) {
        sample[k] = draw.sample[k]!;
        factor[k] = draw.sample[k]! * draw.dLogGamma[k]! * sigmoid(th[k]!) * o.inputScale;
      }
    } else {
      const total = phi.reduce((a, b) => a + b, 0);
      for (let k = 0; k < d; k++) {
        sample[k] = phi[k]! / total;
        factor[k] = (sigmoid(th[k]!) / total) * o.inputScale;
      }
    }
    const z = tf.tidy(() => {
      const s = tf.tensor1d(sample);
      const perColumn = o.groups ? tf.gather(s, tf.tensor1d(o.groups, 'int32')) : s;
      return tf.mul(x, tf.mul(perColumn, o.inputScale));
    });
    return traced(trace, { kind: 'simplexScale', weight: theta, sample, factor, groups: o.groups }, x, z);
  };
}
