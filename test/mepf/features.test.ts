import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine } from '../../src/engine/index.js';
import { perceptualMap, unitRows } from '../../src/features/perceptual.js';
import { randomPixels, tinyEncoder } from './tiny.js';

before(async () => { await initEngine(); });

function rowNorms(f: tf.Tensor2D): Float32Array {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(f), 1))).dataSync() as Float32Array;
}

test('perceptual features have norm ≤ 1 for ordinary and adversarial inputs, both moments', () => {
  const encoder = tinyEncoder(2);
  const dim = 64;
  const rows: number[][] = [
    new Array(dim).fill(0), new Array(dim).fill(1), new Array(dim).fill(1e30), new Array(dim).fill(-1e30),
    new Array(dim).fill(3e38), Array.from({ length: dim }, (_, i) => (i % 2 ? 1e20 : -1e20)), new Array(dim).fill(Number.NaN),
    Array.from({ length: dim }, (_, i) => (i === 5 ? 1e-30 : 0.5)),
  ];
  for (const moment of [1, 2] as const) {
    const map = perceptualMap(encoder, { moment });
    assert.equal(map.dim, 8 * 8 * 4 + 4 * 4 * 8 + 2 * 2 * 8);
    tf.tidy(() => {
      const random = map.features(randomPixels(20, dim, 3));
      const norms = rowNorms(random);
      for (const v of norms) assert.ok(v <= 1 && v > 0.99, `moment ${moment}: random-input norm ${v}`);
      const adversarial = map.features(tf.tensor2d(rows));
      const values = adversarial.dataSync();
      assert.ok(values.every(Number.isFinite), 'every feature is finite');
      if (moment === 1) assert.ok(values.every((v) => v >= 0), 'post-ReLU features are non-negative');
      for (const v of rowNorms(adversarial)) assert.ok(v <= 1, `moment ${moment}: adversarial norm ${v}`);
    });
  }
  encoder.dispose();
});

test('an all-zero activation row stays zero; huge and tiny rows are rescaled to norm ≈ 1', () => {
  tf.tidy(() => {
    const f = tf.tensor2d([[0, 0, 0, 0], [3e38, 3e38, 3e38, 3e38], [1e-35, 0, 2e-35, 0], [Number.POSITIVE_INFINITY, 1, 0, 0]]);
    for (const square of [false, true]) {
      const out = unitRows(f, square);
      const v = out.dataSync();
      assert.deepEqual(Array.from(v.slice(0, 4)), [0, 0, 0, 0]);
      assert.deepEqual(Array.from(v.slice(12, 16)), [0, 0, 0, 0], 'a non-finite row is zeroed');
      const norms = rowNorms(out);
      assert.ok(norms[1]! <= 1 && norms[1]! > 0.999, `huge row norm ${norms[1]}`);
      assert.ok(norms[2]! <= 1 && norms[2]! > 0.999, `tiny row norm ${norms[2]}`);
    }
  });
});

test('the feature map is differentiable in its input: autodiff matches finite differences', () => {
  const encoder = tinyEncoder(5, 4, [2, 3, 4], 2);
  for (const moment of [1, 2] as const) {
    const map = perceptualMap(encoder, { moment });
    const weights = tf.randomNormal([3, map.dim], 0, 1, 'float32', 11);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(map.features(x as tf.Tensor2D), weights)) as tf.Scalar;
    const x0 = Array.from(randomPixels(3, 16, 7).dataSync());
    const grad = tf.tidy(() => tf.grad(loss)(tf.tensor2d(x0, [3, 16])).dataSync());
    const at = (v: number[]) => tf.tidy(() => loss(tf.tensor2d(v, [3, 16])).dataSync()[0]!);
    const h = 3e-3;
    let worst = 0, scale = 0;
    for (let i = 0; i < x0.length; i++) {
      const up = [...x0], down = [...x0];
      up[i]! += h; down[i]! -= h;
      const fd = (at(up) - at(down)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - grad[i]!));
      scale = Math.max(scale, Math.abs(grad[i]!));
    }
    assert.ok(scale > 1e-3, `moment ${moment}: the gradient is not trivially zero (${scale})`);
    assert.ok(worst < 2e-3 + 2e-2 * scale, `moment ${moment}: max |autodiff − finite difference| ${worst} (gradient scale ${scale})`);
    weights.dispose();
  }
  encoder.dispose();
});

test('the preprocessing is part of the map: the same pixels give the same features whatever their source', () => {
  const encoder = tinyEncoder(4);
  const map = perceptualMap(encoder);
  tf.tidy(() => {
    const x = randomPixels(4, 64, 9);
    const copy = tf.tensor2d(Array.from(x.dataSync()), [4, 64]); // e.g. generated rows of the same values
    assert.deepEqual(map.features(x).dataSync(), map.features(copy).dataSync());
  });
  assert.throws(() => map.features(tf.zeros([1, 63]) as tf.Tensor2D), /64 pixels/);
  encoder.dispose();
});

test('a non-finite row does not disturb the gradient of the other rows', () => {
  tf.tidy(() => {
    const w = tf.tensor2d([[0.3, -1, 2, 0.5]]);
    const grad = (rows: number[][]) => tf.grad((v) => tf.sum(tf.mul(unitRows(v as tf.Tensor2D, true), w)))(tf.tensor2d(rows)).dataSync();
    const alone = grad([[1, 2, -3, 0.5]]);
    const mixed = grad([[1, 2, -3, 0.5], [Number.NaN, 1, 1, 1]]);
    assert.ok(alone.some((v) => Math.abs(v) > 1e-3));
    assert.deepEqual(Array.from(mixed.slice(0, 4)), Array.from(alone));
    // (The NaN row's own gradient is NaN: 0·NaN upstream of the mask; rows never mix.)
  });
});

test('unitRows: the closed-form gradient equals autodiff of the plain h/‖h‖, and zero or huge rows get finite gradients', () => {
  tf.tidy(() => {
    const rows = [[0.3, 1.2, 0, 2.5, 0.7], [4, 0.1, 0.2, 0, 1], [0, 0, 0, 0, 0], [1e20, 3e19, 0, 1e19, 2e20]];
    const w = tf.tensor2d([[0.5, -1, 2, 0.25, -0.75], [1, 1, -2, 0.5, 3], [1, 2, 3, 4, 5], [-1, 0.5, 2, -3, 1]]);
    for (const square of [false, true]) {
      const margin = 1 + 1e-6 + 5 * 2 ** -24;
      const plain = (f: tf.Tensor) => { const h = square ? tf.square(f) : f; return tf.div(h, tf.mul(tf.sqrt(tf.sum(tf.square(h), 1, true)), margin)); };
      const ours = tf.grad((f) => tf.sum(tf.mul(unitRows(f as tf.Tensor2D, square), w)))(tf.tensor2d(rows)).arraySync() as number[][];
      const reference = tf.grad((f) => tf.sum(tf.mul(plain(f), tf.slice(w, [0, 0], [2, 5]))))(tf.tensor2d(rows.slice(0, 2))).arraySync() as number[][];
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 5; j++) assert.ok(Math.abs(ours[i]![j]! - reference[i]![j]!) <= 1e-5 * (1 + Math.abs(reference[i]![j]!)), `square ${square} [${i}][${j}]: ${ours[i]![j]} vs ${reference[i]![j]}`);
      }
      assert.deepEqual(ours[2], [0, 0, 0, 0, 0], 'an all-zero row has a zero gradient');
      assert.ok(ours[3]!.every(Number.isFinite), `a huge row has a finite gradient: ${ours[3]}`);
    }
  });
});
