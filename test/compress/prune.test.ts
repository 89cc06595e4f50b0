import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine } from '../../src/engine/index.js';
import { buildClassifier, type Classifier } from '../../src/nn/models.js';
import { modelFromFile, modelToFile } from '../../src/nn/model-file.js';
import {
  architectureCost, keptUnits, magnitudeRankings, prunableLayers, pruneClassifier, randomRankings, rankingFromScores, scaledLogits, zeroRemovedUnits,
} from '../../src/compress/index.js';
import { barImages, disposeModel, firstImages, maxAbsDiff, TINY_LENET } from './tiny.js';

before(async () => { await initEngine(); });

const INPUT = { kind: 'image' as const, shape: [20, 20, 1] as [number, number, number], scaling: 'pixel/127.5-1' as const, flatten: false };
const KEPT = [[0, 2], [1, 3, 4], [0, 2, 5, 7], [1, 4]];

/** An independent copy through the model file (the format `privkit train` writes). */
function copyOf(model: Classifier): Classifier {
  return modelFromFile(JSON.parse(JSON.stringify(modelToFile(model, INPUT, {}, {}))), 'copy').model;
}

test('pruning keeps exactly the requested units: shapes, counts and the weights they carry', () => {
  const model = buildClassifier(TINY_LENET, 3);
  const small = pruneClassifier(model, KEPT);
  assert.deepEqual(small.architecture, { ...TINY_LENET, widths: [2, 3, 4, 2] });
  assert.deepEqual(small.params.map((p) => p.shape), [[5, 5, 1, 2], [2], [5, 5, 2, 3], [3], [12, 4], [4], [4, 2], [2], [2, 3], [3]]);
  assert.equal(small.params.reduce((a, p) => a + p.size, 0), 276);
  assert.equal(architectureCost(small.architecture).params, 276);
  type Weights = [number[][][][], number[], number[][][][], number[], number[][], number[], number[][], number[], number[][], number[]];
  const [w1, b1, w2, , f1, , f2, , out, outBias] = model.params.map((p) => p.arraySync()) as Weights;
  const [sw1, sb1, sw2, , sf1, , sf2, , sout, soutBias] = small.params.map((p) => p.arraySync()) as Weights;
  assert.equal(sw1[2]![3]![0]![1], w1[2]![3]![0]![2], 'conv1 filter 1 is the original filter 2');
  assert.deepEqual(sb1, [b1[0], b1[2]]);
  assert.equal(sw2[1]![4]![1]![2], w2[1]![4]![2]![4], 'conv2: input channel 1 ← 2, filter 2 ← 4');
  // fc1 reads the flattened 2×2×3 map (NHWC): row p·3 + j is position p of kept channel j
  for (let p = 0; p < 4; p++) for (let j = 0; j < 3; j++) for (let i = 0; i < 4; i++) {
    assert.equal(sf1[p * 3 + j]![i], f1[p * 6 + KEPT[1]![j]!]![KEPT[2]![i]!]);
  }
  assert.deepEqual(sf2, KEPT[2]!.map((r) => KEPT[3]!.map((c) => f2[r]![c])));
  assert.deepEqual(sout, KEPT[3]!.map((r) => out[r]!));
  assert.deepEqual(soutBias, outBias, 'the output layer is never pruned');
  disposeModel(model); disposeModel(small);
});

test('the pruned network computes what the original does with the removed units zeroed', () => {
  const model = buildClassifier(TINY_LENET, 4);
  const x = firstImages(barImages(12, 5), 12);
  const small = pruneClassifier(model, KEPT);
  const masked = copyOf(model);
  zeroRemovedUnits(masked, KEPT);
  const [a, b] = [small.apply(x, null, false), masked.apply(x, null, false)];
  assert.ok(maxAbsDiff(a, b) < 1e-5, `max difference ${maxAbsDiff(a, b)}`);

  // One layer at a time, against a 0/1 switch on that layer's output (no weights touched).
  prunableLayers(model).forEach((layer, l) => {
    const kept = prunableLayers(model).map((p, m) => (m === l ? KEPT[l]! : Array.from({ length: p.units }, (_, u) => u)));
    const one = pruneClassifier(model, kept);
    const mask = tf.tensor2d([Array.from({ length: layer.units }, (_, u) => (KEPT[l]!.includes(u) ? 1 : 0))]);
    const viaMask = tf.squeeze(scaledLogits(model, layer, x, mask), [0]);
    const pruned = one.apply(x, null, false);
    assert.ok(maxAbsDiff(pruned, viaMask) < 1e-5, `layer ${layer.name}: ${maxAbsDiff(pruned, viaMask)}`);
    assert.ok(maxAbsDiff(pruned, model.apply(x, null, false)) > 1e-3, `layer ${layer.name}: removing units changes the output`);
    tf.dispose([mask, viaMask, pruned]);
    disposeModel(one);
  });

  // The pruned network is an ordinary privkit model file.
  const loaded = copyOf(small);
  assert.deepEqual(loaded.architecture, small.architecture);
  assert.equal(maxAbsDiff(loaded.apply(x, null, false), a), 0);
  tf.dispose([x, a, b]);
  for (const m of [model, small, masked, loaded]) disposeModel(m);
});

test('kept units are the top of each ranking, in ascending order; bad lists are refused', () => {
  const rankings = [[0.1, 0.9, 0.5, 0.7], [6, 5, 4, 3, 2, 1], [1, 1, 1, 1, 1, 1, 1, 2], [0, 0, 0, 0, 1]]
    .map((scores, l) => rankingFromScores({ index: l, name: `l${l}`, units: scores.length }, scores));
  assert.deepEqual(rankings[0]!.order, [1, 3, 2, 0]);
  assert.deepEqual(keptUnits(rankings, [2, 3, 2, 1]), [[1, 3], [0, 1, 2], [0, 7], [4]], 'ties go to the lower index');
  assert.throws(() => keptUnits(rankings, [0, 3, 2, 1]));
  const model = buildClassifier(TINY_LENET, 0);
  assert.throws(() => pruneClassifier(model, [[0], [0], [0]]));
  assert.throws(() => pruneClassifier(model, [[1, 0], [0], [0], [0]]));
  assert.throws(() => pruneClassifier(model, [[4], [0], [0], [0]]));
  disposeModel(model);
});

test('magnitude ranking: L1 norm of each unit\'s incoming weights, on a hand-made network', () => {
  const model = buildClassifier(TINY_LENET, 0);
  // conv1 filter c holds ±v_c in all 25 taps (alternating sign): L1 = 25·|v_c|
  const v = [0.1, -0.4, 0.2, 0.3];
  const conv1 = Array.from({ length: 25 }, (_, k) => v.map((x) => (k % 2 ? -x : x)));
  model.params[0]!.assign(tf.tensor4d(conv1.flat(), [5, 5, 1, 4]));
  // fc2 [8, 5]: column j is (j − 2) in every row, so L1 = 8·|j − 2|
  model.params[6]!.assign(tf.tensor2d(Array.from({ length: 40 }, (_, k) => (k % 5) - 2), [8, 5]));
  const rankings = magnitudeRankings(model);
  assert.deepEqual(rankings.map((r) => r.name), ['conv1', 'conv2', 'fc1', 'fc2']);
  rankings[0]!.scores.forEach((s, c) => assert.ok(Math.abs(s - 25 * Math.abs(v[c]!)) < 1e-5));
  assert.deepEqual(rankings[0]!.order, [1, 3, 2, 0]);
  rankings[3]!.scores.forEach((s, j) => assert.ok(Math.abs(s - 8 * Math.abs(j - 2)) < 1e-5));
  assert.deepEqual(rankings[3]!.order, [0, 4, 1, 3, 2]);
  disposeModel(model);
});

test('random rankings are seeded permutations', () => {
  const model = buildClassifier(TINY_LENET, 0);
  const a = randomRankings(model, 7), b = randomRankings(model, 7), c = randomRankings(model, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  a.forEach((r, l) => assert.deepEqual([...r.order].sort((x, y) => x - y), Array.from({ length: [4, 6, 8, 5][l]! }, (_, i) => i)));
  disposeModel(model);
});

test('an MLP prunes the same way (dense → dense)', () => {
  const model = buildClassifier({ kind: 'mlp', inputSize: 6, hidden: [5, 4], classes: 3 }, 2);
  const kept = [[0, 3], [1, 2, 3]];
  const small = pruneClassifier(model, kept);
  assert.deepEqual(small.params.map((p) => p.shape), [[6, 2], [2], [2, 3], [3], [3, 3], [3]]);
  const masked = copyOf(model);
  zeroRemovedUnits(masked, kept);
  const x = tf.randomNormal([10, 6], 0, 1, 'float32', 3);
  assert.ok(maxAbsDiff(small.apply(x, null, false), masked.apply(x, null, false)) < 1e-5);
  x.dispose();
  for (const m of [model, small, masked]) disposeModel(m);
});
