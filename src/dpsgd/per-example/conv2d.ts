// Conv layers, in the cheaper of two forms (engine-notes §6.3). Direct: per-example filter
// gradients U_iᵀG_i from the SIMD kernel (same FLOPs as the layer's ordinary weight gradient),
// kept in the kernel arena so the clipped sum is one weighted row sum. Ghost (Gram): Σ_{p,p'}
// ⟨u_p, u_p'⟩⟨g_p, g_p'⟩ over the P output positions, cheaper for deep low-resolution layers;
// masks need the direct form.
import * as tf from '../../engine/tf.js';
import {
  addGramSquaredNorms, addSquaredNorms, blockView, convFilterGradient, weightedRowSum, type ConvFilterGeometry, type KernelBlock,
} from '../../engine/kernels/simd-kernels.js';
import { im2col } from '../../engine/kernels/im2col.js';
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

/** True when the Gram form costs less than the per-example product: P·(K + M)/2 < K·M. */
export function convPrefersGhost(g: ConvFilterGeometry): boolean {
  const positions = g.outHeight * g.outWidth, patch = g.filterHeight * g.filterWidth * g.inChannels;
  return positions * (patch + g.outChannels) / 2 < patch * g.outChannels;
}

function patches(x: Float32Array, g: ConvFilterGeometry): Float32Array {
  const cols = new Float32Array(g.batch * g.outHeight * g.outWidth * g.filterHeight * g.filterWidth * g.inChannels);
  im2col(x, {
    inHeight: g.inHeight, inWidth: g.inWidth, inChannels: g.inChannels, outHeight: g.outHeight, outWidth: g.outWidth, outChannels: g.outChannels,
    strideHeight: g.strideHeight, strideWidth: g.strideWidth, dilationHeight: 1, dilationWidth: 1, filterHeight: g.filterHeight, filterWidth: g.filterWidth,
    padInfo: { top: g.padTop, left: g.padLeft, bottom: 0, right: 0, type: 'EXPLICIT' },
  }, 0, g.batch, cols);
  return cols;
}

export const conv2dRule: PerExampleRule = {
  addSquaredNorms(record, masks, sq) {
    const { op, x, g } = parts(record);
    const geometry = convGeometry(op, x.shape);
    const mask = masks.get(op.weight);
    const xv = x.dataSync() as Float32Array, gv = g.dataSync() as Float32Array;
    if (!mask && convPrefersGhost(geometry)) {
      addGramSquaredNorms(patches(xv, geometry), gv, geometry.batch, geometry.outHeight * geometry.outWidth, sq);
    } else {
      const grads = convFilterGradient(xv, gv, geometry, false);
      perExampleGrads.set(record, grads);
      addSquaredNorms(grads, x.shape[0]!, mask ? (mask.dataSync() as Float32Array) : null, sq);
    }
    if (op.bias) {
      const b = tf.tidy(() => tf.sum(tf.square(tf.sum(g, [1, 2])), 1));
      const v = b.dataSync();
      for (let i = 0; i < sq.length; i++) sq[i]! += v[i]!;
      b.dispose();
    }
  },

  clippedSums(record, clip, masks) {
    const { op, x, g } = parts(record);
    const grads = perExampleGrads.get(record);
    let sum: Float32Array;
    if (grads) {
      sum = weightedRowSum(grads, clip.values);
    } else {
      // Ghost form: the clipped sum is the ordinary filter gradient of the clip-scaled output gradient.
      const scaled = tf.tidy(() => tf.mul(g, tf.reshape(clip.tensor, [-1, 1, 1, 1])));
      sum = blockView(convFilterGradient(x.dataSync() as Float32Array, scaled.dataSync() as Float32Array, convGeometry(op, x.shape), true)).slice();
      scaled.dispose();
    }
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
