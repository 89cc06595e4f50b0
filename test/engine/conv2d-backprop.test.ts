import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { randomValues, readyBackends, seeded, wasmVsCpu } from '../helpers/backends.js';

before(readyBackends);

interface ConvCase { batch: number; h: number; w: number; cin: number; cout: number; k: number; stride: 1 | 2; pad: 'same' | 'valid' }

function convCases(): ConvCase[] {
  const rng = seeded(21);
  const out: ConvCase[] = [];
  for (const stride of [1, 2] as const) {
    for (const pad of ['same', 'valid'] as const) {
      for (const k of [1, 3, 5]) {
        out.push({ batch: 1 + rng.int(3), h: k + rng.int(9), w: k + rng.int(9), cin: 1 + rng.int(6), cout: 1 + rng.int(6), k, stride, pad });
      }
    }
  }
  // Channel counts that reach the SIMD filter-gradient paths for output channels left over by
  // blocks of 4 (vectors over input channels), among them the image generator's 8 → 1 layer.
  out.push({ batch: 3, h: 12, w: 12, cin: 8, cout: 1, k: 5, stride: 1, pad: 'same' });
  out.push({ batch: 2, h: 9, w: 7, cin: 12, cout: 6, k: 3, stride: 2, pad: 'valid' });
  out.push({ batch: 2, h: 6, w: 6, cin: 6, cout: 3, k: 3, stride: 1, pad: 'same' });
  out.push({ batch: 2, h: 7, w: 7, cin: 16, cout: 8, k: 5, stride: 1, pad: 'same' });
  return out;
}

test('conv2d gradients (filter and input) match the cpu backend: strides 1 and 2, same and valid', async () => {
  const rng = seeded(22);
  for (const c of convCases()) {
    const xShape = [c.batch, c.h, c.w, c.cin], wShape = [c.k, c.k, c.cin, c.cout];
    const xv = randomValues(rng, tf.util.sizeFromShape(xShape)), wv = randomValues(rng, tf.util.sizeFromShape(wShape));
    const diff = await wasmVsCpu(() => {
      const f = (x: tf.Tensor, w: tf.Tensor) => {
        const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);
        return tf.sum(tf.mul(y, tf.sin(y))); // a non-uniform upstream gradient
      };
      return tf.grads(f)([tf.tensor(xv, xShape), tf.tensor(wv, wShape)]);
    });
    assert.ok(diff <= 1e-5, `${JSON.stringify(c)}: max relative difference ${diff}`);
  }
});

test('conv2d gradients stay exact when the batch is processed in chunks', async () => {
  // 40 images of 64x64x8 with 3x3 filters make 11.8M patch values, over one chunk's 8M, so the kernels loop.
  const rng = seeded(23);
  const xShape = [40, 64, 64, 8], wShape = [3, 3, 8, 4];
  const xv = randomValues(rng, tf.util.sizeFromShape(xShape)), wv = randomValues(rng, tf.util.sizeFromShape(wShape));
  const diff = await wasmVsCpu(() => {
    const f = (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')));
    return tf.grads(f)([tf.tensor(xv, xShape), tf.tensor(wv, wShape)]);
  });
  assert.ok(diff <= 1e-5, `max relative difference ${diff}`);
});
