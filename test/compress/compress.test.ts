import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initEngine } from '../../src/engine/index.js';
import { accuracy } from '../../src/dpsgd/train.js';
import { modelFromFile, modelToFile } from '../../src/nn/model-file.js';
import { compressClassifier, fineTune, magnitudeRankings, keptUnits, pruneClassifier } from '../../src/compress/index.js';
import { barImages, disposeModel, SMALL_LENET, trainedLenet } from './tiny.js';

before(async () => { await initEngine(); });

test('fine-tuning a pruned network is seeded and recovers accuracy', async () => {
  const data = barImages(300, 1), test = barImages(150, 2);
  const model = await trainedLenet(data, 1, 4, [], SMALL_LENET);
  const kept = keptUnits(magnitudeRankings(model), [3, 4, 6, 3]);
  const a = pruneClassifier(model, kept), b = pruneClassifier(model, kept);
  const before = accuracy(a, test);
  await fineTune(a, data, { epochs: 3, batchSize: 30, learningRate: 0.01, seed: 9 });
  await fineTune(b, data, { epochs: 3, batchSize: 30, learningRate: 0.01, seed: 9 });
  assert.deepEqual(a.params.map((p) => Array.from(p.dataSync())), b.params.map((p) => Array.from(p.dataSync())));
  const after = accuracy(a, test);
  assert.ok(after >= 0.9 && after >= before, `accuracy ${before} → ${after}`);
  for (const m of [model, a, b]) disposeModel(m);
});

test('compressClassifier: rank, prune to a parameter fraction, fine-tune; the result saves as a model file', async () => {
  const data = barImages(300, 1), test = barImages(150, 2);
  const model = await trainedLenet(data, 1, 4, [], SMALL_LENET);
  const progress: string[] = [];
  const result = await compressClassifier({
    model, train: data, test, keep: 0.5, seed: 1,
    switches: { batchSize: 50, learningRate: 0.05 }, fineTune: { epochs: 2, batchSize: 30, learningRate: 0.01 },
    onProgress: (phase, done, total, layer) => { if (done === total) progress.push(`${phase}${layer ?? ''}`); },
  });
  assert.deepEqual(progress, ['switches0', 'switches1', 'switches2', 'switches3', 'fine-tune']);
  assert.equal(result.switches!.length, 4);
  assert.ok(result.cost.pruned.params <= 0.5 * result.cost.original.params);
  assert.equal(result.model.params.reduce((a, p) => a + p.size, 0), result.cost.pruned.params);
  assert.deepEqual(result.kept.map((k) => k.length), result.keep);
  assert.ok(result.accuracy!.fineTuned >= 0.9, JSON.stringify(result.accuracy));
  const file = modelToFile(result.model, { kind: 'image', shape: [20, 20, 1], scaling: 'pixel/127.5-1', flatten: false }, {}, { compress: { keep: result.keep } });
  const { model: loaded } = modelFromFile(JSON.parse(JSON.stringify(file)), 'compressed');
  assert.equal(accuracy(loaded, test), result.accuracy!.fineTuned);
  const magnitude = await compressClassifier({ model, train: data, keep: [3, 4, 6, 3], ranking: 'magnitude', seed: 1, fineTune: { epochs: 0 } });
  assert.equal(magnitude.switches, null);
  assert.equal(magnitude.accuracy, null);
  for (const m of [model, result.model, loaded, magnitude.model]) disposeModel(m);
});
