// The generator of synthetic rows: an MLP from (code, one-hot class) to a row in the encoder's
// layout. Each categorical column ends in a softmax over its slots (so a sample is a valid
// category, unlike the reference code's rounded sigmoids on integer codes); a numeric column in a
// sigmoid value in [0, 1] and, when it may be missing, a sigmoid missing probability.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import type { ColumnBlock } from '../data/index.js';
import { applyBatchNorm, applyDense, createBatchNorm, createDense, type BatchNorm, type Dense } from '../nn/dense.js';

export interface GeneratorShape {
  codeSize: number;
  classes: number;
  blocks: readonly ColumnBlock[];
  width: number;
  /** Hidden widths; default [4·width, 2·width] as in DP-MERF's tabular generator (at least 64). */
  hidden?: readonly number[];
}

export interface TabularGenerator {
  readonly shape: GeneratorShape;
  readonly variables: tf.Variable[];
  /** Rows in encoder layout ([n, width]) for codes [n, codeSize] and one-hot classes [n, classes]. */
  generate(code: tf.Tensor2D, classes: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

export function createTabularGenerator(shape: GeneratorShape, rng: Rng): TabularGenerator {
  const hidden = shape.hidden ?? [Math.max(64, 4 * shape.width), Math.max(64, 2 * shape.width)];
  const layers: Dense[] = [], norms: BatchNorm[] = [];
  let fanIn = shape.codeSize + shape.classes;
  hidden.forEach((h, i) => {
    layers.push(createDense(fanIn, h, rng, `gen/dense${i}`));
    norms.push(createBatchNorm(h, `gen/bn${i}`));
    fanIn = h;
  });
  const out = createDense(fanIn, shape.width, rng, 'gen/out');
  const variables = [...layers.flatMap((l) => [l.weight, l.bias]), ...norms.flatMap((n) => [n.gamma, n.beta]), out.weight, out.bias];

  const heads = outputHeads(shape.blocks, shape.width);
  const generate = (code: tf.Tensor2D, classes: tf.Tensor2D): tf.Tensor2D => {
    let h = tf.concat([code, classes], 1) as tf.Tensor2D;
    layers.forEach((layer, i) => { h = tf.relu(applyBatchNorm(norms[i]!, applyDense(layer, h))); });
    return heads.apply(applyDense(out, h));
  };
  return { shape, variables, generate, dispose: () => { tf.dispose(variables); heads.dispose(); } };
}

/**
 * All output heads in a few ops (a per-block slice/softmax/concat cost ~3 ops per column, forward
 * and backward): e = exp(clip(logits)); block sums by one matMul with the block-membership
 * matrix; categorical slots take e / blockSum (a softmax per block), numeric slots the sigmoid.
 */
function outputHeads(blocks: readonly ColumnBlock[], width: number): { apply: (logits: tf.Tensor2D) => tf.Tensor2D; dispose: () => void } {
  const membership = new Float32Array(width * width), categorical = new Float32Array(width);
  for (const b of blocks) {
    if (b.type !== 'categorical') continue;
    for (let i = 0; i < b.width; i++) {
      categorical[b.offset + i] = 1;
      for (let j = 0; j < b.width; j++) membership[(b.offset + i) * width + b.offset + j] = 1;
    }
  }
  const same = tf.tensor2d(membership, [width, width]);
  const catMask = tf.tensor1d(categorical), numMask = tf.sub(1, catMask);
  return {
    apply: (logits) => tf.tidy(() => {
      // ±30 keeps exp finite in float32 and the per-block ratios exact enough.
      const e = tf.exp(tf.clipByValue(logits, -30, 30));
      const softmax = tf.div(e, tf.add(tf.matMul(e, same), numMask)); // numeric slots: divide by 1·e+1, unused
      return tf.add(tf.mul(softmax, catMask), tf.mul(tf.sigmoid(logits), numMask)) as tf.Tensor2D;
    }),
    dispose: () => tf.dispose([same, catMask, numMask]),
  };
}
