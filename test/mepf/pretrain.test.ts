import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine } from '../../src/engine/index.js';
import type { LabelledData } from '../../src/dpsgd/dataset.js';
import { encoderFromFile } from '../../src/mepf/encoder-file.js';
import { pretrainEncoder } from '../../src/mepf/pretrain.js';

before(async () => { await initEngine(); });

/** 8×8 public images in [−1, 1]: class 0 bright on top, class 1 bright at the bottom, plus noise. */
function publicSet(n: number, seed: number): LabelledData {
  const rng = createRng(seed);
  const features = new Float32Array(n * 64), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < 64; p++) {
      const top = p < 32;
      features[i * 64 + p] = ((top === (labels[i] === 0)) ? 0.6 : -0.6) + 0.6 * (rng.uniform() - 0.5);
    }
  }
  return { features, exampleShape: [8, 8, 1], labels, classes: 2 };
}

test('pre-training reduces the loss on a small public set, reports progress and is seeded', async () => {
  const data = publicSet(48, 3);
  const architecture = { kind: 'mepf-cnn' as const, inputShape: [8, 8, 1] as [number, number, number], channels: [4, 8, 8], kernelSize: 3, classes: 2 };
  const steps: number[] = [];
  const options = { data, publicName: 'two-band test images', architecture, epochs: 3, batchSize: 16, learningRate: 0.01, seed: 5 };
  const a = await pretrainEncoder({ ...options, onProgress: (done, total) => steps.push(done / total) });
  assert.equal(steps.length, 9);
  assert.equal(steps.at(-1), 1);
  assert.ok(a.loss.after < 0.5 * a.loss.before, `loss ${a.loss.before} → ${a.loss.after}`);
  assert.equal(a.file.publicData.name, 'two-band test images');
  assert.equal(a.file.publicData.images, 48);
  assert.equal(a.file.training.trainLossAfter, a.loss.after);
  const b = await pretrainEncoder(options);
  assert.deepEqual(b.file.weights, a.file.weights, 'the same seed gives the same weights');
  const { encoder: loaded } = encoderFromFile(JSON.parse(JSON.stringify(a.file)), 'test file');
  tf.tidy(() => {
    const x = tf.tensor(data.features.subarray(0, 4 * 64), [4, 8, 8, 1]);
    assert.deepEqual(loaded.apply(x, null, false).dataSync(), a.encoder.apply(x, null, false).dataSync());
  });
  for (const e of [a.encoder, b.encoder, loaded]) e.dispose();
});

test('pre-training refuses data that do not fit the architecture, in one sentence', async () => {
  const data = publicSet(4, 1);
  await assert.rejects(
    pretrainEncoder({ data, publicName: 'x', architecture: { kind: 'mepf-cnn', inputShape: [4, 4, 1], channels: [2], kernelSize: 3, classes: 2 } }),
    /expects \[4,4,1\]/,
  );
});

test('the "fewer stages" hint comes only with a stage problem that --channels caused', async () => {
  const data = publicSet(4, 1);
  await assert.rejects(pretrainEncoder({ data, publicName: 'x', channels: [2, 2, 2, 2, 2] }), /divisible by 16, got 8×8 \(.*give --channels fewer stages\)\.$/);
  const oneClass = { ...data, labels: new Int32Array(4), classes: 1 };
  await assert.rejects(pretrainEncoder({ data: oneClass, publicName: 'x', channels: [2, 2] }), (error: Error) => {
    assert.match(error.message, /number of classes must be a whole number ≥ 2\.$/);
    assert.doesNotMatch(error.message, /fewer stages/);
    return true;
  });
});
