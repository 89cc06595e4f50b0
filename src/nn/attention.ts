// Multi-head scaled dot-product attention over sequences [B, T, width], self- or cross-attention
// (to a context [B, S, contextWidth], as in the DP-LDM U-Net). All parameters live in four dense
// layers applied to sequences, so each projection is traced and the DP engine needs no new rule:
// the softmax mixes positions within an example only, never across examples.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { denseLayer } from './dense.js';
import type { Layer, Trace } from './layer.js';

export interface AttentionOptions {
  width: number;
  heads: number;
  /** Feature width of the cross-attention context; defaults to `width`. */
  contextWidth?: number;
  /** Biases on the Q and V projections (the output projection always has one; K never does). */
  qkvBias?: boolean;
}

export interface AttentionLayer extends Layer {
  /** Queries from x [B, T, width], keys and values from context [B, S, contextWidth]. */
  applyWithContext(x: tf.Tensor, context: tf.Tensor, trace: Trace | null, training: boolean): tf.Tensor;
}

export function multiHeadAttentionLayer(options: AttentionOptions, rng: Rng, name: string): AttentionLayer {
  const { width, heads } = options;
  const contextWidth = options.contextWidth ?? width;
  const qkvBias = options.qkvBias ?? true;
  if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0) throw new Error(`Attention width ${width} must split evenly into ${heads} heads.`);
  const headWidth = width / heads;
  const q = denseLayer(width, width, rng, `${name}/q`, qkvBias);
  // No key bias: it adds q·b_k to every score of a query, which the softmax cancels, so its
  // gradient is exactly zero and under DP-SGD it would only collect noise.
  const k = denseLayer(contextWidth, width, rng, `${name}/k`, false);
  const v = denseLayer(contextWidth, width, rng, `${name}/v`, qkvBias);
  const out = denseLayer(width, width, rng, `${name}/out`);

  /** [B, T, width] → [B, heads, T, headWidth]. */
  const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [t.shape[0]!, t.shape[1]!, heads, headWidth]), [0, 2, 1, 3]);

  function attend(x: tf.Tensor, context: tf.Tensor, trace: Trace | null, training: boolean): tf.Tensor {
    if (x.rank !== 3 || x.shape[2] !== width) throw new Error(`Attention expects queries [B, T, ${width}], got [${x.shape}].`);
    if (context.rank !== 3 || context.shape[2] !== contextWidth || context.shape[0] !== x.shape[0]) {
      throw new Error(`Attention expects a context [${x.shape[0]}, S, ${contextWidth}], got [${context.shape}].`);
    }
    const qh = split(q.apply(x, trace, training));
    const kh = split(k.apply(context, trace, training));
    const vh = split(v.apply(context, trace, training));
    const scores = tf.mul(tf.matMul(qh, kh, false, true), 1 / Math.sqrt(headWidth)); // [B, heads, T, S]
    const mixed = tf.matMul(tf.softmax(scores), vh); // [B, heads, T, headWidth]
    const merged = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [x.shape[0]!, x.shape[1]!, width]);
    return out.apply(merged, trace, training);
  }

  return {
    spec: { type: 'multiHeadAttention', width, heads, contextWidth, qkvBias },
    params: [...q.params, ...k.params, ...v.params, ...out.params],
    apply: (x, trace, training) => attend(x, x, trace, training),
    applyWithContext: attend,
  };
}
