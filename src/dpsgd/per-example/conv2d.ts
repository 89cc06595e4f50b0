// Conv layers: per-example filter gradients U_iᵀG_i from the SIMD kernel (same FLOPs as the
// layer's ordinary weight gradient), kept in the kernel arena between the norm pass and the
// clipped sum, which is then one weighted row sum instead of a second backward pass.
import * as tf from '../../engine/tf.js';
import {
  addSquaredNorms, convFilterGradient, weightedRowSum, type ConvFilterGeometry, type KernelBlock,
} from '../../engine/kernels/simd-kernels.js';
import { tfPadding } from '../../nn/conv2d.js';
import type { OpRecord } from '../trace.js';
import type { PerExampleRule } from './rule.js';

type ConvOp = Extract<OpRecord['op'], { kind: 'conv2d' }>;

const perExampleGrads = new WeakMap<OpRecord, KernelBlock>();

function parts(record: OpRecord): { op: ConvOp; x: tf.Tensor; g: tf.Tensor } {
  if (record.op.kind !== 'conv2d' || !record.gradOut) throw new Error('conv2d rule applied to a record without an output gradient');
  return { op: record.op, x: record.input, g: record.gradOut };
}

export function convGeometry(op: ConvOp, inputShape: number[]): ConvFilterGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number], op.weight.shape as [number, number, number, number],
    op.strides, 1, tfPadding(op.pad), undefined, false, 'channelsLast');
  return {
    batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outHeight: info.outHeight, outWidth: info.outWidth, outChannels: info.outChannels,
    filterHeight: info.filterHeight, filterWidth: info.filterWidth, strideHeight: info.strideHeight, strideWidth: info.strideWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

export const conv2dRule: PerExampleRule = {
  addSquaredNorms(record, masks, sq) {
    const { op, x, g } = parts(record);
    const grads = convFilterGradient(x.dataSync() as Float32Array, g.dataSync() as Float32Array, convGeometry(op, x.shape), false);
    perExampleGrads.set(record, grads);
    const mask = masks.get(op.weight);
    addSquaredNorms(grads, x.shape[0]!, mask ? (mask.dataSync() as Float32Array) : null, sq);
    if (op.bias) {
      const b = tf.tidy(() => tf.sum(tf.square(tf.sum(g, [1, 2])), 1));
      const v = b.dataSync();
      for (let i = 0; i < sq.length; i++) sq[i]! += v[i]!;
      b.dispose();
    }
  },

  clippedSums(record, clip, masks) {
    const { op, g } = parts(record);
    const grads = perExampleGrads.get(record);
    if (!grads) throw new Error('conv2d clipped sum requested before its norms');
    const sum = weightedRowSum(grads, clip.values);
    return tf.tidy(() => {
      let dW: tf.Tensor = tf.tensor(sum, op.weight.shape, 'float32');
      const mask = masks.get(op.weight);
      if (mask) dW = tf.mul(dW, mask);
      const out: Array<[tf.Variable, tf.Tensor]> = [[op.weight, tf.keep(dW)]];
      if (op.bias) {
        const scaled = tf.mul(g, tf.reshape(clip.tensor, [-1, 1, 1, 1]));
        out.push([op.bias, tf.keep(tf.sum(scaled, [0, 1, 2]))]);
      }
      return out;
    });
  },
};
