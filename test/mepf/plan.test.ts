import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine } from '../../src/engine/index.js';
import { DEFAULT_MEPF_IMAGES, planMepfImages } from '../../src/mepf/terms.js';
import { randomPixels, tinyEncoder } from './tiny.js';

before(async () => { await initEngine(); });

test('the mepf image plan: true class means give a zero loss and the loss trains the images', () => {
  const encoder = tinyEncoder(8, 8, [4, 8, 8], 2);
  const classes = 2, perClass = 3;
  // The plain matching loss (movingAverageRate 0); generator.test.ts covers the moving average.
  const plan = planMepfImages({ dim: 64, classes }, { ...DEFAULT_MEPF_IMAGES, moments: 2, movingAverageRate: 0 }, encoder);
  assert.equal(plan.terms.length, 2);
  assert.deepEqual(plan.baseNoise, { classCounts: 1, terms: [1, 1] });
  assert.deepEqual(plan.schedule(0), [{ term: 0, weight: 1 }, { term: 1, weight: 1 }]);
  const x = randomPixels(classes * perClass, 64, 12); // class blocks: rows 0–2 class 0, rows 3–5 class 1
  const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
  for (const term of plan.terms) {
    const sums = new Float64Array(classes * term.dim);
    tf.tidy(() => term.accumulate(x, labels, classes, sums));
    const loss = term.createLoss(Float32Array.from(sums, (v) => v / perClass), classes);
    const exact = tf.tidy(() => loss.loss(x, perClass).dataSync()[0]!);
    assert.ok(exact < 1e-9, `${term.name}: loss at the data ${exact}`);
    const other = tf.variable(randomPixels(classes * perClass, 64, 13));
    const optimizer = tf.train.adam(0.05);
    const start = tf.tidy(() => loss.loss(other, perClass).dataSync()[0]!);
    for (let s = 0; s < 20; s++) optimizer.minimize(() => loss.loss(other, perClass), false, [other]);
    const end = tf.tidy(() => loss.loss(other, perClass).dataSync()[0]!);
    assert.ok(end < 0.5 * start, `${term.name}: loss ${start} → ${end} when the pixels are trained`);
    tf.dispose([other]);
    optimizer.dispose();
    loss.dispose();
  }
  assert.throws(() => planMepfImages({ dim: 784, classes }, DEFAULT_MEPF_IMAGES, encoder), /8×8×1/);
  plan.dispose();
  encoder.dispose();
});
