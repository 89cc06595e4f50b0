import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine } from '../../src/engine/index.js';
import { buildClassifier } from '../../src/nn/models.js';
import { variableFrom } from '../../src/nn/init.js';
import {
  logMeanProbabilities, prunableLayers, scaledLogits, SWITCH_DEFAULTS, switchRanking, switchScale, trainSwitches,
} from '../../src/compress/index.js';
import { barImages, disposeModel, firstImages, maxAbsDiff, SMALL_LENET, TINY_LENET, trainedLenet } from './tiny.js';

before(async () => { await initEngine(); });

test("'units' scale: the uniform switch leaves the frozen network unchanged", () => {
  const model = buildClassifier(TINY_LENET, 2);
  const x = firstImages(barImages(8, 1), 8);
  const original = model.apply(x, null, false);
  for (const layer of prunableLayers(model)) {
    const theta = variableFrom(tf.fill([layer.units], -1), `uniform-theta-${layer.name}`);
    const point = switchScale(theta, { ...SWITCH_DEFAULTS, mode: 'point', scale: 'units' }, createRng(0));
    const logits = scaledLogits(model, layer, x, point);
    assert.deepEqual(logits.shape, [1, 8, 3]);
    assert.ok(maxAbsDiff(tf.squeeze(logits, [0]), original) < 1e-5, `${layer.name}: ${maxAbsDiff(tf.squeeze(logits, [0]), original)}`);
    // M identical switches average to the original's probabilities
    const logMean = logMeanProbabilities(scaledLogits(model, layer, x, tf.ones([4, layer.units])));
    assert.ok(maxAbsDiff(logMean, tf.logSoftmax(original)) < 1e-5);
    tf.dispose([theta, point, logits, logMean]);
  }
  tf.dispose([x, original]);
  disposeModel(model);
});

test("'simplex' scale (default): the uniform switch is the layer at 1/C of its scale", () => {
  const model = buildClassifier(TINY_LENET, 2);
  const x = firstImages(barImages(8, 1), 8);
  const layer = prunableLayers(model)[1]!;
  const theta = variableFrom(tf.fill([layer.units], -1), 'simplex-theta');
  const logits = tf.squeeze(scaledLogits(model, layer, x, switchScale(theta, { ...SWITCH_DEFAULTS, mode: 'point' }, createRng(0))), [0]);
  // oracle: the same network with conv2's filter and bias divided by C
  for (const p of model.layers[layer.position]!.params) p.assign(tf.div(p, layer.units));
  assert.ok(maxAbsDiff(logits, model.apply(x, null, false)) < 1e-5);
  // sampled draws lie on the simplex
  const draws = switchScale(theta, { ...SWITCH_DEFAULTS, samples: 7 }, createRng(1));
  assert.deepEqual(draws.shape, [7, layer.units]);
  tf.sum(draws, 1).dataSync().forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5));
  tf.dispose([x, theta, logits, draws]);
  disposeModel(model);
});

test('switch training gives disconnected units the lowest φ (sampled and point), and is seeded', async () => {
  const data = barImages(300, 1);
  // conv1 units 1, 4 and conv2 units 2, 5 have zero incoming and outgoing weights throughout training
  const useless = [[1, 4], [2, 5], [], []];
  const model = await trainedLenet(data, 1, 4, useless, SMALL_LENET);
  const settings = { epochs: 2, batchSize: 50, samples: 10, learningRate: 0.1 };
  const bottomTwo = (phi: readonly number[]) => phi.map((_, i) => i).sort((a, b) => phi[a]! - phi[b]!).slice(0, 2).sort((a, b) => a - b);
  for (const layer of [0, 1]) {
    const sampled = await trainSwitches(model, data, { ...settings, layer, seed: 3 });
    assert.deepEqual(bottomTwo(sampled.phi), useless[layer], `sampled, layer ${layer}: φ = ${sampled.phi.map((v) => v.toFixed(3))}`);
    assert.deepEqual(switchRanking(sampled).order.slice(-2).sort((a, b) => a - b), useless[layer]);
    assert.ok(Math.abs(sampled.mean.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    const point = await trainSwitches(model, data, { ...settings, layer, seed: 3, mode: 'point' });
    assert.deepEqual(bottomTwo(point.phi), useless[layer], `point, layer ${layer}: φ = ${point.phi.map((v) => v.toFixed(3))}`);
  }
  const again = await trainSwitches(model, data, { ...settings, layer: 0, seed: 3 });
  const first = await trainSwitches(model, data, { ...settings, layer: 0, seed: 3 });
  const other = await trainSwitches(model, data, { ...settings, layer: 0, seed: 4 });
  assert.deepEqual(again.phi, first.phi, 'the same seed gives the same φ');
  assert.notDeepEqual(other.phi, first.phi);
  // The KL term pulls φ towards the prior a₀ = 2 (from θ₀ = −1, φ ≈ 0.31).
  const distance = (phi: readonly number[]) => phi.reduce((a, p) => a + Math.abs(p - 2), 0);
  const withKl = await trainSwitches(model, data, { ...settings, layer: 0, seed: 3, klWeight: 1 });
  assert.ok(distance(withKl.phi) < distance(first.phi) - 1, `${withKl.phi} vs ${first.phi}`);
  // the frozen weights are untouched
  const before = model.params.map((p) => Array.from(p.dataSync()));
  await trainSwitches(model, data, { ...settings, epochs: 1, layer: 2, seed: 3 });
  assert.deepEqual(model.params.map((p) => Array.from(p.dataSync())), before);
  disposeModel(model);
});

test('switch settings are checked in one sentence', async () => {
  const model = buildClassifier(TINY_LENET, 0);
  const data = barImages(6, 1);
  await assert.rejects(trainSwitches(model, data, { layer: 4, seed: 0 }), /not prunable/);
  await assert.rejects(trainSwitches(model, data, { layer: 0, seed: 0, samples: 0 }), /whole number/);
  await assert.rejects(trainSwitches(model, data, { layer: 0, seed: 0, prior: -1 }), /prior/);
  disposeModel(model);
});
