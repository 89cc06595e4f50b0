import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initEngine } from '../../src/engine/index.js';
import { UserError } from '../../src/errors.js';
import { buildClassifier } from '../../src/nn/models.js';
import { architectureCost, keepCountsForFraction, prunableWidths, withWidths } from '../../src/compress/index.js';
import { disposeModel, TINY_LENET } from './tiny.js';

before(async () => { await initEngine(); });

test('parameters and multiply-adds of a small LeNet, by hand', () => {
  // 20×20×1 → conv5 (4) 16×16 → pool 8×8 → conv5 (6) 4×4 → pool 2×2×6 = 24 → 8 → 5 → 3
  const cost = architectureCost(TINY_LENET);
  assert.deepEqual(cost.layers.map((l) => l.params), [5 * 5 * 4 + 4, 5 * 5 * 4 * 6 + 6, 24 * 8 + 8, 8 * 5 + 5, 5 * 3 + 3]);
  assert.deepEqual(cost.layers.map((l) => l.multiplyAdds), [16 * 16 * 25 * 4, 4 * 4 * 25 * 4 * 6, 24 * 8, 8 * 5, 5 * 3]);
  assert.equal(cost.params, 973);
  assert.equal(cost.multiplyAdds, 35447);
  const model = buildClassifier(TINY_LENET, 0);
  assert.equal(model.params.reduce((a, p) => a + p.size, 0), 973, 'the count matches the built network');
  disposeModel(model);

  // widths 2-3-4-2: 52 + 153 + (12·4 + 4) + (4·2 + 2) + (2·3 + 3)
  const pruned = architectureCost(withWidths(TINY_LENET, [2, 3, 4, 2]));
  assert.equal(pruned.params, 52 + 153 + 52 + 10 + 9);
  assert.equal(pruned.multiplyAdds, 16 * 16 * 50 + 16 * 150 + 48 + 8 + 6);
});

test('the card\'s LeNet-5 on 28×28 has 40,165 weights and biases', () => {
  const cost = architectureCost({ kind: 'lenet', inputShape: [28, 28, 1], classes: 10 });
  assert.equal(cost.params, 40165);
  assert.equal(cost.multiplyAdds, 24 * 24 * 250 + 8 * 8 * 5000 + 320 * 100 + 100 * 25 + 25 * 10);
});

test('an MLP and the Papernot CNN are costed too', () => {
  const mlp = architectureCost({ kind: 'mlp', inputSize: 5, hidden: [4, 3], classes: 2 });
  assert.equal(mlp.params, 5 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
  assert.equal(mlp.multiplyAdds, 20 + 12 + 6);
  const cnnArch = { kind: 'cnn' as const, inputShape: [28, 28, 1] as [number, number, number], classes: 10 };
  const cnn = buildClassifier(cnnArch, 0);
  assert.equal(architectureCost(cnnArch).params, cnn.params.reduce((a, p) => a + p.size, 0));
  // conv 8×8/2 pad 2: (28 + 4 − 8)/2 + 1 = 13 → pool 2/1: 12 → conv 4×4/2: 5 → pool: 4
  assert.equal(architectureCost(cnnArch).layers[0]!.multiplyAdds, 13 * 13 * 64 * 16);
  assert.equal(architectureCost(cnnArch).layers[1]!.multiplyAdds, 5 * 5 * 16 * 16 * 32);
  disposeModel(cnn);
});

test('a keep fraction of parameters becomes one unit fraction for every layer', () => {
  // target floor(0.3·973) = 291; u = 1/2 keeps 2-3-4-3 (284 parameters); the next candidate,
  // u = 3/5, keeps 3-4-5-3 (already 78 + 304 parameters in the convs).
  const plan = keepCountsForFraction(TINY_LENET, 0.3);
  assert.deepEqual(plan.keep, [2, 3, 4, 3]);
  assert.equal(plan.unitFraction, 0.5);
  assert.equal(plan.params, 284);
  assert.equal(plan.targetParams, 291);
  assert.equal(plan.originalParams, 973);
  assert.deepEqual(keepCountsForFraction(TINY_LENET, 1).keep, [4, 6, 8, 5]);
  assert.throws(() => keepCountsForFraction(TINY_LENET, 0.01), UserError);
  assert.throws(() => keepCountsForFraction(TINY_LENET, 0), UserError);
});

test('widths: only LeNet and MLP models are prunable, within their sizes', () => {
  assert.deepEqual(prunableWidths({ kind: 'lenet', inputShape: [28, 28, 1], classes: 10 }), [10, 20, 100, 25]);
  assert.deepEqual(withWidths({ kind: 'mlp', inputSize: 3, hidden: [8, 4], classes: 2 }, [2, 1]), { kind: 'mlp', inputSize: 3, hidden: [2, 1], classes: 2 });
  assert.throws(() => prunableWidths({ kind: 'cnn', inputShape: [28, 28, 1], classes: 10 }), UserError);
  assert.throws(() => withWidths(TINY_LENET, [5, 1, 1, 1]), UserError);
});
