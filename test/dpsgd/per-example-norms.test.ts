import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine, createRng } from '../../src/engine/index.js';
import { clippedGradientSum } from '../../src/dpsgd/clipped-sum.js';
import { softmaxCrossEntropy } from '../../src/dpsgd/network.js';
import { activationLayer, flattenLayer, maxPoolLayer } from '../../src/nn/activation.js';
import { conv2dLayer } from '../../src/nn/conv2d.js';
import { denseLayer } from '../../src/nn/dense.js';
import { sequential } from '../../src/nn/sequential.js';
import { buildClassifier } from '../../src/nn/models.js';
import { convPrefersGhost } from '../../src/dpsgd/per-example/conv2d.js';
import { bruteForce, checkAgainstBruteForce, relativeError } from './brute-force.js';

before(() => initEngine());

const check = checkAgainstBruteForce;

function inputs(shape: number[], classes: number, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor(Float32Array.from({ length: size }, () => rng.uniform() * 2 - 1), shape),
    y: tf.tensor1d(Int32Array.from({ length: shape[0]! }, () => rng.int(classes)), 'int32'),
  };
}

test('dense ghost norms and clipped sums equal brute-force per-example gradients (some examples clipped, some not)', () => {
  const rng = createRng(1);
  const net = sequential([denseLayer(7, 5, rng, 'g1'), activationLayer('tanh'), denseLayer(5, 3, rng, 'g2')]);
  const { x, y } = inputs([9, 7], 3, 2);
  const expected = bruteForce(net, x, y, softmaxCrossEntropy, 1);
  const median = [...expected.norms].sort((a, b) => a - b)[4]!;
  check(net, x, y, median); // about half the examples are clipped
  check(net, x, y, 1e3); // none clipped
});

test('conv norms equal brute force: the default CNN and strides 1/2 with same/valid/explicit padding', () => {
  const cnn = buildClassifier({ kind: 'cnn', inputShape: [28, 28, 1], classes: 10 }, 3);
  const { x, y } = inputs([6, 28, 28, 1], 10, 4);
  check(cnn, x, y, 0.1);
  const rng = createRng(5);
  for (const [stride, padding] of [[1, 'same'], [2, 'valid'], [2, 'same'], [1, 1]] as const) {
    const net = sequential([
      conv2dLayer({ inChannels: 3, filters: 5, kernelSize: 3, stride, padding }, rng, `c${stride}${padding}`), activationLayer('relu'),
      maxPoolLayer(2, 2), flattenLayer(),
    ]);
    const probe = net.apply(tf.zeros([1, 9, 9, 3]), null, false);
    const width = probe.shape[1]!;
    probe.dispose();
    const full = sequential([...net.layers, denseLayer(width, 4, rng, `d${stride}${padding}`)]);
    const { x: xi, y: yi } = inputs([5, 9, 9, 3], 4, 6);
    check(full, xi, yi, 0.5);
  }
});

test('dense layers on sequences [B, T, in] use per-example gradients and match brute force', () => {
  const rng = createRng(7);
  const net = sequential([denseLayer(4, 6, rng, 's1'), activationLayer('gelu'), denseLayer(6, 3, rng, 's2'), flattenLayer(), denseLayer(15, 2, rng, 's3')]);
  const { x, y } = inputs([4, 5, 4], 2, 8);
  check(net, x, y, 0.3);
});

test('the Gram (ghost) forms, chosen for short sequences and low-resolution deep conv layers, match brute force', () => {
  const rng = createRng(14);
  const geometry = { batch: 3, inHeight: 4, inWidth: 4, inChannels: 12, outHeight: 4, outWidth: 4, outChannels: 12, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, padTop: 1, padLeft: 1 };
  assert.ok(convPrefersGhost(geometry));
  assert.ok(!convPrefersGhost({ ...geometry, inHeight: 28, inWidth: 28, outHeight: 28, outWidth: 28, inChannels: 1 }));
  const conv = sequential([
    conv2dLayer({ inChannels: 12, filters: 12, kernelSize: 3, padding: 'same' }, rng, 'gc1'), activationLayer('tanh'),
    conv2dLayer({ inChannels: 12, filters: 12, kernelSize: 3, stride: 2, padding: 1 }, rng, 'gc2'), flattenLayer(), denseLayer(48, 3, rng, 'gd'),
  ]);
  const { x, y } = inputs([3, 4, 4, 12], 3, 15);
  check(conv, x, y, 0.5);
  const seq = sequential([denseLayer(16, 16, rng, 'gs1'), activationLayer('relu'), denseLayer(16, 16, rng, 'gs2'), flattenLayer(), denseLayer(48, 2, rng, 'gs3')]);
  const s = inputs([4, 3, 16], 2, 16);
  check(seq, s.x, s.y, 0.4);
});

test('masked norms (pre-pruning / gradient dropping) equal brute force on the masked gradients', () => {
  const cnn = buildClassifier({ kind: 'cnn', inputShape: [16, 16, 1], classes: 3 }, 9);
  const rng = createRng(10);
  const masks = new Map<tf.Variable, tf.Tensor>();
  for (const p of cnn.params) {
    if (p.rank < 2) continue; // biases stay trainable
    masks.set(p, tf.tensor(Float32Array.from({ length: p.size }, () => (rng.uniform() < 0.3 ? 1 : 0)), p.shape));
  }
  const { x, y } = inputs([5, 16, 16, 1], 3, 11);
  check(cnn, x, y, 0.05, masks);
  const seqNet = sequential([denseLayer(3, 4, rng, 'ms1'), flattenLayer(), denseLayer(8, 2, rng, 'ms2')]);
  const seqMasks = new Map<tf.Variable, tf.Tensor>(seqNet.params.filter((p) => p.rank === 2).map((p) => [p, tf.tensor(Float32Array.from({ length: p.size }, () => (rng.uniform() < 0.5 ? 1 : 0)), p.shape)]));
  const { x: xs, y: ys } = inputs([3, 2, 3], 2, 12);
  check(seqNet, xs, ys, 0.2, seqMasks);
});

test('an empty batch gives zero sums', () => {
  const rng = createRng(13);
  const net = sequential([denseLayer(3, 2, rng, 'e1')]);
  const got = clippedGradientSum(net, tf.zeros([0, 3]), tf.zeros([0], 'int32'), softmaxCrossEntropy, 1);
  assert.equal(got.norms.length, 0);
  for (const s of got.sums.values()) assert.equal(tf.sum(tf.abs(s)).dataSync()[0], 0);
});

test('an example whose gradient is not finite is dropped (c = 0), not allowed to turn the release into NaN', () => {
  const rng = createRng(17);
  const net = sequential([denseLayer(4, 5, rng, 'nf1'), activationLayer('tanh'), denseLayer(5, 2, rng, 'nf2')]);
  const { x, y } = inputs([6, 4], 2, 18);
  const values = x.arraySync() as number[][];
  values[2]![1] = Number.NaN;
  const poisoned = tf.tensor2d(values);
  const got = clippedGradientSum(net, poisoned, y, softmaxCrossEntropy, 0.5);
  const keep = [0, 1, 3, 4, 5];
  const expected = clippedGradientSum(net, tf.gather(x, keep), tf.gather(y, keep), softmaxCrossEntropy, 0.5);
  for (const p of net.params) {
    const a = got.sums.get(p)!.dataSync(), b = expected.sums.get(p)!.dataSync();
    assert.ok(a.every(Number.isFinite), `${p.name} has non-finite values`);
    assert.ok(relativeError(a, b) <= 1e-5, `${p.name}: ${relativeError(a, b)}`);
  }
});

test('a parameter outside every traced op is refused (its per-example gradient would be unbounded)', () => {
  const rng = createRng(19);
  const layer = denseLayer(3, 2, rng, 'cov');
  const stray = tf.variable(tf.ones([2]), true, 'cov-stray');
  const net = { params: [...layer.params, stray], apply: (x: tf.Tensor, trace: Parameters<typeof layer.apply>[1], training: boolean) => tf.mul(layer.apply(x, trace, training), stray) };
  const { x, y } = inputs([3, 3], 2, 20);
  assert.throws(() => clippedGradientSum(net, x, y, softmaxCrossEntropy, 1), /cov-stray is not in any traced linear op/);
});
