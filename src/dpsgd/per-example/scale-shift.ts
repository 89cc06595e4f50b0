// The affine part of layer and group norm, z = x̂ ⊙ γ + β over the last axis: per-example
// gradients are small ([B, C] each: Σ_positions x̂ ⊙ g and Σ_positions g), so they are formed.
import * as tf from '../../engine/tf.js';
import type { OpRecord } from '../trace.js';
import type { PerExampleRule } from './rule.js';

type ScaleShiftOp = Extract<OpRecord['op'], { kind: 'scaleShift' }>;

function perExample(record: OpRecord): { op: ScaleShiftOp; dGamma: tf.Tensor2D; dBeta: tf.Tensor2D } {
  if (record.op.kind !== 'scaleShift' || !record.gradOut) throw new Error('scaleShift rule applied to a record without an output gradient');
  const x = record.input, g = record.gradOut;
  const batch = x.shape[0]!, channels = x.shape[x.rank - 1]!;
  const x3 = tf.reshape(x, [batch, -1, channels]), g3 = tf.reshape(g, [batch, -1, channels]);
  return { op: record.op, dGamma: tf.sum(tf.mul(x3, g3), 1), dBeta: tf.sum(g3, 1) };
}

function refuseMasks(op: ScaleShiftOp, masks: ReadonlyMap<tf.Variable, tf.Tensor>): void {
  if (masks.has(op.weight) || masks.has(op.bias)) throw new Error('Masks apply to dense and conv weights only; normalisation parameters are always trained.');
}

export const scaleShiftRule: PerExampleRule = {
  addSquaredNorms(record, masks, sq) {
    const norms = tf.tidy(() => {
      const { op, dGamma, dBeta } = perExample(record);
      refuseMasks(op, masks);
      return tf.add(tf.sum(tf.square(dGamma), 1), tf.sum(tf.square(dBeta), 1));
    });
    const v = norms.dataSync();
    for (let i = 0; i < sq.length; i++) sq[i]! += v[i]!;
    norms.dispose();
  },
  clippedSums(record, clip, masks) {
    return tf.tidy(() => {
      const { op, dGamma, dBeta } = perExample(record);
      refuseMasks(op, masks);
      const c = tf.reshape(clip.tensor, [1, -1]);
      const out: Array<[tf.Variable, tf.Tensor]> = [
        [op.weight, tf.keep(tf.reshape(tf.matMul(c, dGamma), op.weight.shape))],
        [op.bias, tf.keep(tf.reshape(tf.matMul(c, dBeta), op.bias.shape))],
      ];
      return out;
    });
  },
};
