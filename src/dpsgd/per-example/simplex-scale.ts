// Q-FIT's importance layer z = x ⊙ s[groups], s = S(θ) on the simplex: per-example gradients are
// [B, D] (D features), so they are formed. With h_i = Σ_{w in feature j} x_iw·g_iw, the gradient of
// example i in s, the chain rule through ∂s_j/∂θ_k = (δ_jk − s_j)·a_k gives
//   ∂L_i/∂θ_k = a_k·(h_ik − Σ_j s_j h_ij).
import * as tf from '../../engine/tf.js';
import type { OpRecord } from '../trace.js';
import type { PerExampleRule } from './rule.js';

type SimplexScaleOp = Extract<OpRecord['op'], { kind: 'simplexScale' }>;

/** [W, D] with a 1 where input column w belongs to feature d. */
function groupMatrix(groups: Int32Array, features: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(tf.tensor1d(groups, 'int32'), features), 'float32') as tf.Tensor2D;
}

function perExample(record: OpRecord): { op: SimplexScaleOp; dTheta: tf.Tensor2D } {
  if (record.op.kind !== 'simplexScale' || !record.gradOut) throw new Error('simplexScale rule applied to a record without an output gradient');
  const op = record.op;
  const d = op.sample.length;
  const x = record.input as tf.Tensor2D, g = record.gradOut as tf.Tensor2D;
  const xg = tf.mul(x, g) as tf.Tensor2D;
  const h = op.groups ? tf.matMul(xg, groupMatrix(op.groups, d)) : xg;
  const weighted = tf.matMul(h, tf.reshape(tf.tensor1d(op.sample), [d, 1]));
  return { op, dTheta: tf.mul(tf.sub(h, weighted), tf.tensor1d(op.factor)) as tf.Tensor2D };
}

function refuseMasks(op: SimplexScaleOp, masks: ReadonlyMap<tf.Variable, tf.Tensor>): void {
  if (masks.has(op.weight)) throw new Error('Masks apply to dense and conv weights only; feature-importance parameters are always trained.');
}

export const simplexScaleRule: PerExampleRule = {
  addSquaredNorms(record, masks, sq) {
    const norms = tf.tidy(() => {
      const { op, dTheta } = perExample(record);
      refuseMasks(op, masks);
      return tf.sum(tf.square(dTheta), 1);
    });
    const v = norms.dataSync();
    for (let i = 0; i < sq.length; i++) sq[i]! += v[i]!;
    norms.dispose();
  },
  clippedSums(record, clip, masks) {
    return tf.tidy(() => {
      const { op, dTheta } = perExample(record);
      refuseMasks(op, masks);
      const out: Array<[tf.Variable, tf.Tensor]> = [[op.weight, tf.keep(tf.reshape(tf.matMul(tf.reshape(clip.tensor, [1, -1]), dTheta), op.weight.shape))]];
      return out;
    });
  },
};
