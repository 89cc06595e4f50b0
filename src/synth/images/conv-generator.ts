// DP-MERF's class-conditional convolutional generator ("ConvCondGen"), for images whose height and
// width are multiples of 4: (code ⧺ one-hot class) → dense `hidden` (batch norm, ReLU) → dense to
// c0 maps of (h/4)×(w/4) (batch norm) → bilinear ×2 → conv 5×5 to c1 (ReLU) → bilinear ×2 →
// conv 5×5 to the image channels → sigmoid. Outputs are flattened [n, h·w·channels] in [0, 1].
import * as tf from '../../engine/tf.js';
import type { Rng } from '../../engine/random/seeded-rng.js';
import { conv2dLayer } from '../../nn/conv2d.js';
import { applyBatchNorm, applyDense, createBatchNorm, createDense } from '../../nn/dense.js';
import type { ConditionalGenerator } from '../train-generator.js';

export interface ImageGeneratorShape {
  codeSize: number;
  classes: number;
  height: number;
  width: number;
  channels: number;
  /** Width of the first dense layer (200 in DP-MERF, 500 in DP-HP's FashionMNIST generator). */
  hidden: number;
  /** Feature maps before and between the two convolutions (16 and 8 in the reference). */
  convChannels: [number, number];
  kernelSize: number;
}

export interface ImageGenerator extends ConditionalGenerator {
  readonly shape: ImageGeneratorShape;
  dispose(): void;
}

export function createImageGenerator(shape: ImageGeneratorShape, rng: Rng): ImageGenerator {
  const { height, width, channels, hidden, kernelSize } = shape;
  if (height % 4 !== 0 || width % 4 !== 0) throw new Error(`The image generator needs height and width divisible by 4, got ${height}×${width}.`);
  const [c0, c1] = shape.convChannels;
  const h4 = height / 4, w4 = width / 4;
  const fc1 = createDense(shape.codeSize + shape.classes, hidden, rng, 'gen/fc1');
  const bn1 = createBatchNorm(hidden, 'gen/bn1');
  const fc2 = createDense(hidden, c0 * h4 * w4, rng, 'gen/fc2');
  const bn2 = createBatchNorm(c0 * h4 * w4, 'gen/bn2');
  const conv1 = conv2dLayer({ inChannels: c0, filters: c1, kernelSize, padding: 'same' }, rng, 'gen/conv1');
  const conv2 = conv2dLayer({ inChannels: c1, filters: channels, kernelSize, padding: 'same' }, rng, 'gen/conv2');
  const variables = [fc1.weight, fc1.bias, bn1.gamma, bn1.beta, fc2.weight, fc2.bias, bn2.gamma, bn2.beta, ...conv1.params, ...conv2.params] as tf.Variable[];
  const up = (x: tf.Tensor4D): tf.Tensor4D => tf.image.resizeBilinear(x, [x.shape[1] * 2, x.shape[2] * 2], true);
  const generate = (code: tf.Tensor2D, classes: tf.Tensor2D): tf.Tensor2D => {
    const n = code.shape[0];
    const h = tf.relu(applyBatchNorm(bn1, applyDense(fc1, tf.concat([code, classes], 1) as tf.Tensor2D)));
    const maps = tf.reshape(applyBatchNorm(bn2, applyDense(fc2, h)), [n, h4, w4, c0]) as tf.Tensor4D;
    const mid = tf.relu(conv1.apply(up(maps), null, true)) as tf.Tensor4D;
    const out = conv2.apply(up(mid), null, true);
    return tf.reshape(tf.sigmoid(out), [n, height * width * channels]) as tf.Tensor2D;
  };
  return {
    shape, codeSize: shape.codeSize, classes: shape.classes, variables, generate,
    dispose: () => tf.dispose(variables),
  };
}
