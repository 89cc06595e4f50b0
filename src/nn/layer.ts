// The layer contract shared by privkit's networks and the DP-SGD engine. A network is built from
// layers; every parameter sits in a "linear op" (dense, conv2d, scale-shift, embedding, simplex scale) that the
// layer announces to a trace, so the DP engine can compute per-example gradient norms from the
// op's input and output gradient without materialising per-example gradients where it can avoid it.
import type * as tf from '../engine/tf.js';

/** How the DP engine treats an op's parameters (src/dpsgd/per-example/). */
export type LinearOp =
  /** z = x·W + b; x is [B, in] or a sequence [B, …, in]; W [in, out]. */
  | { kind: 'dense'; weight: tf.Variable; bias: tf.Variable | null }
  /** z = conv2d(x, W) + b, NHWC, W [kh, kw, cin, cout]. */
  | { kind: 'conv2d'; weight: tf.Variable; bias: tf.Variable | null; strides: [number, number]; pad: ConvPadding }
  /** z = x̂ ⊙ γ + β over the last axis (the affine part of layer and group norm). */
  | { kind: 'scaleShift'; weight: tf.Variable; bias: tf.Variable }
  /** z = rows of W indexed by integer ids [B, …]. */
  | { kind: 'embedding'; weight: tf.Variable }
  /**
   * z = x ⊙ s[groups] for x [B, W]: s [D] on the simplex is a function of θ (`weight`, [D]) with
   * ∂s_j/∂θ_k = (δ_jk − s_j)·factor_k (Q-FIT's feature importance: a Dirichlet draw or φ/Σφ).
   * groups[w] is the feature (0 … D−1) of input column w; null means W = D, one column each.
   */
  | { kind: 'simplexScale'; weight: tf.Variable; sample: Float32Array; factor: Float32Array; groups: Int32Array | null };

/** Explicit conv padding [top, bottom, left, right], or the usual names. */
export type ConvPadding = 'same' | 'valid' | [number, number, number, number];

/**
 * Passed through a forward pass. `linear(op, input, z)` must be called with every linear op's
 * input and output and its return value used in place of z. Without a trace (null) layers run as
 * plain functions.
 */
export interface Trace {
  linear(op: LinearOp, input: tf.Tensor, z: tf.Tensor): tf.Tensor;
}

/** A serialisable description of a layer (the model file stores a list of these). */
export interface LayerSpec {
  type: string;
  [option: string]: unknown;
}

export interface Layer {
  readonly spec: LayerSpec;
  /** Trainable parameters, in a fixed order (names are unique within a model). */
  readonly params: readonly tf.Variable[];
  /** True when outputs of one example depend on other examples (batch norm): DP-SGD refuses it. */
  readonly mixesExamples?: boolean;
  apply(x: tf.Tensor, trace: Trace | null, training: boolean): tf.Tensor;
}

/** The linear op's output through the trace, or unchanged without one. */
export function traced(trace: Trace | null, op: LinearOp, input: tf.Tensor, z: tf.Tensor): tf.Tensor {
  return trace ? trace.linear(op, input, z) : z;
}
