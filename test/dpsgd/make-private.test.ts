import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine, UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/index.js';
import { makePrivate } from '../../src/dpsgd/make-private.js';
import { poissonSample } from '../../src/dpsgd/poisson.js';
import { gradientDropper, prePruningMasks, selectCoordinates } from '../../src/dpsgd/masks.js';
import { createLedger } from '../../src/privacy/ledger.js';
import { buildClassifier } from '../../src/nn/models.js';
import { sequential } from '../../src/nn/sequential.js';
import { denseLayer } from '../../src/nn/dense.js';
import { batchNormLayer } from '../../src/nn/batch-norm.js';
import { privkit } from '../cli/run-cli.js';

before(() => initEngine());
after(() => UNSAFE_seedPrivacyNoiseForTesting(null));

function snapshot(params: readonly tf.Variable[]): Float32Array[] {
  return params.map((p) => Float32Array.from(p.dataSync()));
}

function batch(n: number, seed: number, scale = 1): { x: tf.Tensor; y: tf.Tensor } {
  const rng = createRng(seed);
  return {
    x: tf.tensor2d(Float32Array.from({ length: n * 6 }, () => (rng.uniform() * 2 - 1) * scale), [n, 6]),
    y: tf.tensor1d(Int32Array.from({ length: n }, () => rng.int(3)), 'int32'),
  };
}

/** Parameters after one SGD step from a fixed start on the given batch, with seeded noise. */
function oneStep(x: tf.Tensor, y: tf.Tensor, lr: number, clip: number): Float32Array[] {
  const model = buildClassifier({ kind: 'mlp', inputSize: 6, hidden: [8], classes: 3 }, 42);
  UNSAFE_seedPrivacyNoiseForTesting(99);
  const opt = makePrivate({ model, optimizer: tf.train.sgd(lr), maxGradNorm: clip, noiseMultiplier: 0.5, delta: 1e-5, sampleRate: 0.1, epochs: 1, datasetSize: 100 });
  opt.step(x, y);
  const out = snapshot(model.params);
  model.params.forEach((p) => p.dispose());
  return out;
}

test('an adversarial example with a huge gradient moves the update by at most lr · C / (q·N), and by about that much', () => {
  const lr = 0.5, clip = 0.7, expectedBatch = 0.1 * 100;
  const normal = batch(5, 1);
  const evil = batch(1, 2, 1e4);
  // Label it with the class the start model finds least likely, so its gradient is huge, not 0.
  const start = buildClassifier({ kind: 'mlp', inputSize: 6, hidden: [8], classes: 3 }, 42);
  evil.y = tf.argMin(start.apply(evil.x, null, false), -1);
  start.params.forEach((p) => p.dispose());
  const withEvil = { x: tf.concat([normal.x, evil.x]), y: tf.concat([normal.y, evil.y]) };
  const a = oneStep(normal.x, normal.y, lr, clip);
  const b = oneStep(withEvil.x, withEvil.y, lr, clip);
  let sq = 0;
  a.forEach((v, k) => { for (let i = 0; i < v.length; i++) sq += (v[i]! - b[k]![i]!) ** 2; });
  const moved = Math.sqrt(sq), bound = lr * clip / expectedBatch;
  assert.ok(moved <= bound * (1 + 1e-4), `moved ${moved} > bound ${bound}`);
  assert.ok(moved >= bound * 0.99, `moved ${moved}, expected the huge gradient to be clipped to exactly C (bound ${bound})`);
});

test("the ledger's ε equals `privkit account` for the same q, σ and steps", () => {
  const model = buildClassifier({ kind: 'logistic', inputSize: 4, classes: 2 }, 1);
  const ledger = createLedger({ epsilon: 100, delta: 1e-5, adjacency: 'add-remove-one' });
  const opt = makePrivate({ model, optimizer: tf.train.sgd(0.1), maxGradNorm: 1, noiseMultiplier: 1.1, delta: 1e-5, sampleRate: 256 / 60000, epochs: 60, datasetSize: 60000, ledger });
  const cli = privkit(['account', '--noise', '1.1', '--sampling-rate', String(256 / 60000), '--steps', String(opt.steps), '--delta', '1e-5', '--json']);
  assert.equal(cli.code, 0, cli.stderr);
  const expected = (JSON.parse(cli.stdout) as { epsilon: number }).epsilon;
  assert.ok(Math.abs(ledger.spent().epsilon - expected) <= 1e-9 * expected, `${ledger.spent().epsilon} vs ${expected}`);
  assert.ok(Math.abs(opt.epsilon - expected) <= 1e-9 * expected);
});

test('a target ε is met from below, and steps beyond the plan are refused', () => {
  const model = buildClassifier({ kind: 'logistic', inputSize: 6, classes: 3 }, 2);
  const opt = makePrivate({ model, optimizer: tf.train.sgd(0.1), maxGradNorm: 1, targetEpsilon: 2, delta: 1e-5, sampleRate: 0.5, epochs: 1, datasetSize: 10 });
  assert.equal(opt.steps, 2);
  assert.ok(opt.epsilon <= 2 && opt.epsilon > 2 * (1 - 1e-4), `ε = ${opt.epsilon}`);
  const { x, y } = batch(4, 3);
  opt.step(x, y);
  opt.step(tf.zeros([0, 6]), tf.zeros([0], 'int32')); // an empty Poisson batch is a valid step
  assert.throws(() => opt.step(x, y), /planned DP-SGD steps are spent/);
  assert.ok(Math.abs(opt.epsilonSpent() - opt.epsilon) < 1e-12);
});

test("Poisson sampling's empirical rate matches q", () => {
  const n = 200000, q = 0.01;
  let total = 0;
  for (let r = 0; r < 10; r++) total += poissonSample(n, q).length;
  const mean = total / 10, sd = Math.sqrt(n * q * (1 - q) / 10);
  assert.ok(Math.abs(mean - n * q) < 4 * sd, `mean batch ${mean} vs ${n * q} (sd ${sd})`);
  const batchIdx = poissonSample(1000, 0.3);
  for (let i = 1; i < batchIdx.length; i++) assert.ok(batchIdx[i]! > batchIdx[i - 1]!, 'indices are distinct and sorted');
});

test('pre-pruned coordinates never move and gradient dropping updates only the selected coordinates', () => {
  const model = buildClassifier({ kind: 'mlp', inputSize: 6, hidden: [8], classes: 3 }, 5);
  const rng = createRng(6);
  const prune = prePruningMasks(model.params, 0.75, 'random', rng);
  let lastMasks: Map<tf.Variable, tf.Tensor> | null = null;
  const drop = gradientDropper(model.params, 0.5, 'random', rng);
  const recording = {
    rate: drop.rate,
    select(p: Parameters<typeof drop.select>[0]) {
      const masks = drop.select(p);
      lastMasks = new Map([...masks].map(([k, v]) => [k, tf.clone(v)]));
      return masks;
    },
  };
  const opt = makePrivate({ model, optimizer: tf.train.sgd(0.3), maxGradNorm: 1, noiseMultiplier: 1, delta: 1e-5, sampleRate: 0.5, epochs: 2, datasetSize: 8, prune, dropper: recording });
  for (let s = 0; s < 3; s++) {
    const before = snapshot(model.params);
    const { x, y } = batch(4, 10 + s);
    opt.step(x, y);
    const afterStep = snapshot(model.params);
    model.params.forEach((p, k) => {
      const pm = prune.get(p)?.dataSync(), dm = lastMasks!.get(p)?.dataSync();
      for (let i = 0; i < p.size; i++) {
        const changed = afterStep[k]![i] !== before[k]![i];
        if (pm && pm[i] === 0) assert.ok(!changed, `pruned coordinate ${p.name}[${i}] moved`);
        if (dm && dm[i] === 0) assert.ok(!changed, `dropped coordinate ${p.name}[${i}] moved`);
        if (dm && dm[i] === 1) assert.ok(pm![i] === 1, 'selection stays inside the pruning mask');
      }
    });
  }
  // Half of the kept quarter is updated per step.
  const w = model.params[0]!;
  const kept = tf.sum(prune.get(w)!).dataSync()[0]!, selected = tf.sum(lastMasks!.get(w)!).dataSync()[0]!;
  assert.equal(kept, Math.round(0.25 * w.size));
  assert.equal(selected, Math.round(0.5 * kept));
});

test('a model with batch norm is refused with one clear sentence', () => {
  const rng = createRng(20);
  const net = sequential([denseLayer(4, 3, rng, 'bn-d'), batchNormLayer(3, 'bn-n')]);
  assert.throws(
    () => makePrivate({ model: net, optimizer: tf.train.sgd(0.1), maxGradNorm: 1, noiseMultiplier: 1, delta: 1e-5, sampleRate: 0.1, epochs: 1, datasetSize: 10 }),
    /batchNorm layer, which mixes the examples .* use group or layer norm/,
  );
});

test('magnitude selection keeps the largest |scores| (ties to the lower index), as a full sort would', () => {
  const rng = createRng(21);
  for (const [size, keep] of [[1000, 137], [50, 50], [64, 1], [300, 150]] as const) {
    const scores = Float32Array.from({ length: size }, () => Math.round((rng.uniform() * 2 - 1) * 20) / 4); // many ties
    const expected = Int32Array.from({ length: size }, (_, i) => i)
      .sort((a, b) => Math.abs(scores[b]!) - Math.abs(scores[a]!) || a - b).slice(0, keep).sort();
    assert.deepEqual(selectCoordinates(size, keep, scores, rng), expected);
  }
});
