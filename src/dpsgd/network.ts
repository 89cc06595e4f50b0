// What the DP engine trains: a function of the input with traced linear ops and its parameters.
import * as tf from '../engine/tf.js';
import type { Trace } from '../nn/layer.js';

export interface Network {
  readonly params: readonly tf.Variable[];
  /** The layers, when the network is a list of them (DP-SGD checks none mixes examples). */
  readonly layers?: readonly { readonly mixesExamples?: boolean; readonly spec?: { type: string } }[];
  apply(x: tf.Tensor, trace: Trace | null, training: boolean): tf.Tensor;
}

/** Loss per example, [B]; the engine differentiates its sum. */
export type PerExampleLoss = (output: tf.Tensor, target: tf.Tensor) => tf.Tensor1D;

/** Softmax cross-entropy against integer class labels ([B] int32). */
export const softmaxCrossEntropy: PerExampleLoss = (logits, labels) => {
  const classes = logits.shape[logits.rank - 1]!;
  const logProbs = tf.logSoftmax(logits as tf.Tensor2D);
  return tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, classes)), 1)) as tf.Tensor1D;
};
