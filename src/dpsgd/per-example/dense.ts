// Dense layers. Flat inputs use the ghost norm ‖a_i g_iᵀ‖² = ‖a_i‖²‖g_i‖² (no per-example
// gradient, O(B·(in + out))); with a mask M the norm is rowSum(((A ⊙ A)·M) ⊙ (G ⊙ G)), one GEMM.
// Sequence inputs [B, T, in] sum a_t g_tᵀ over positions, so the flat identity no longer holds;
// the cheaper of the Gram form Σ_{t,t'}⟨a_t, a_t'⟩⟨g_t, g_t'⟩ (short sequences, wide layers) and
// per-example gradients from the SIMD kernel (a 1×1 convolution over T positions) is used; masks
// need the per-example form.
import * as tf from '../../engine/tf.js';
import { addGramSquaredNorms, addSquaredNorms, convFilterGradient } from '../../engine/kernels/simd-kernels.js';
import type { OpRecord } from '../trace.js';
import type { PerExampleRule } from './rule.js';

type DenseOp = Extract<OpRecord['op'], { kind: 'dense' }>;

function parts(record: OpRecord): { op: DenseOp; a: tf.Tensor; g: tf.Tensor } {
  if (record.op.kind !== 'dense' || !record.gradOut) throw new Error('dense rule applied to a record without an output gradient');
  return { op: record.op, a: record.input, g: record.gradOut };
}

/** [B, T, features] view of a [B, …, features] tensor. */
function asSequence(t: tf.Tensor): tf.Tensor3D {
  return tf.reshape(t, [t.shape[0]!, -1, t.shape[t.rank - 1]!]);
}

function readAdd(values: tf.Tensor, sq: Float64Array): void {
  const v = values.dataSync();
  for (let i = 0; i < sq.length; i++) sq[i]! += v[i]!;
  values.dispose();
}

export const denseRule: PerExampleRule = {
  addSquaredNorms(record, masks, sq) {
    const { op, a, g } = parts(record);
    const mask = masks.get(op.weight) ?? null;
    if (a.rank === 2) {
      readAdd(tf.tidy(() => {
        const g2 = tf.square(g);
        const weightTerm = mask
          ? tf.sum(tf.mul(tf.matMul(tf.square(a), mask as tf.Tensor2D), g2), 1)
          : tf.mul(tf.sum(tf.square(a), 1), tf.sum(g2, 1));
        return op.bias ? tf.add(weightTerm, tf.sum(g2, 1)) : weightTerm;
      }), sq);
      return;
    }
    const batch = a.shape[0]!, fanIn = a.shape[a.rank - 1]!, positions = a.size / (batch * fanIn);
    const fanOut = g.shape[g.rank - 1]!;
    const aData = a.dataSync() as Float32Array, gData = g.dataSync() as Float32Array;
    if (!mask && positions * (fanIn + fanOut) / 2 < fanIn * fanOut) {
      addGramSquaredNorms(aData, gData, batch, positions, sq);
    } else {
      const perExample = convFilterGradient(aData, gData, {
        batch, inHeight: positions, inWidth: 1, inChannels: fanIn, outHeight: positions, outWidth: 1, outChannels: fanOut,
        filterHeight: 1, filterWidth: 1, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0,
      }, false);
      addSquaredNorms(perExample, batch, mask ? (mask.dataSync() as Float32Array) : null, sq);
    }
    if (op.bias) readAdd(tf.tidy(() => tf.sum(tf.square(tf.sum(asSequence(g), 1)), 1)), sq);
  },

  clippedSums(record, clip, masks) {
    const { op, a, g } = parts(record);
    return tf.tidy(() => {
      const a3 = asSequence(a), g3 = asSequence(g);
      const [batch, positions] = a3.shape;
      const scaled = tf.mul(g3, tf.reshape(clip.tensor, [batch, 1, 1]));
      const rowsA = tf.reshape(a3, [batch * positions, -1]);
      const rowsG = tf.reshape(scaled, [batch * positions, -1]);
      let dW: tf.Tensor = tf.matMul(rowsA, rowsG, true, false);
      const mask = masks.get(op.weight);
      if (mask) dW = tf.mul(dW, mask);
      const out: Array<[tf.Variable, tf.Tensor]> = [[op.weight, tf.keep(dW)]];
      if (op.bias) out.push([op.bias, tf.keep(tf.sum(rowsG, 0))]);
      return out;
    });
  },
};
