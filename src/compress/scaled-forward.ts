// The frozen classifier with one prunable layer's pre-activation output multiplied unit-wise by
// a scale vector, for M scale vectors at once. The layers before the switch run once on the batch;
// the rest run on the M scaled copies stacked as M·B examples. Always in eval mode (the weights
// are frozen and, per the method card, normalisation must not use switch-training statistics).
import * as tf from '../engine/tf.js';
import type { Classifier } from '../nn/models.js';
import type { PrunableLayer } from './family.js';

/** Logits [M, B, K] for x [B, …] with layer's output multiplied by each row of `scale` [M, C]. */
export function scaledLogits(model: Classifier, layer: PrunableLayer, x: tf.Tensor, scale: tf.Tensor2D): tf.Tensor3D {
  const [m, c] = scale.shape;
  if (c !== layer.units) throw new Error(`Layer ${layer.name} has ${layer.units} units, got a scale of ${c}.`);
  return tf.tidy(() => {
    let h = x;
    for (let i = 0; i <= layer.position; i++) h = model.layers[i]!.apply(h, null, false);
    const batch = h.shape[0]!;
    const inner = h.shape.slice(1);
    // [1, B, …, C] ⊙ [M, 1, …1, C] → [M·B, …, C]
    const broadcastShape = [m, ...inner.map(() => 1)];
    broadcastShape[broadcastShape.length - 1] = c;
    const scaled = tf.mul(tf.expandDims(h, 0), tf.reshape(scale, [m, 1, ...broadcastShape.slice(1)]));
    h = tf.reshape(scaled, [m * batch, ...inner]);
    for (let i = layer.position + 1; i < model.layers.length; i++) h = model.layers[i]!.apply(h, null, false);
    return tf.reshape(h, [m, batch, -1]) as tf.Tensor3D;
  });
}

/** log of the class probabilities averaged over the M samples, [B, K] (rows sum to 1 in probability). */
export function logMeanProbabilities(logits: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => tf.sub(tf.logSumExp(tf.logSoftmax(logits), 0), Math.log(logits.shape[0])) as tf.Tensor2D);
}
