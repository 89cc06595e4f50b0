// Q-FIT's importance layer under DP-SGD: the simplexScale rule's per-example norms and clipped sums
// against brute force (one backward pass per example through tf's own autodiff of s(θ)).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine, createRng } from '../../src/engine/index.js';
import { clippedGradientSum } from '../../src/dpsgd/clipped-sum.js';
import { softmaxCrossEntropy, type Network } from '../../src/dpsgd/network.js';
import { activationLayer } from '../../src/nn/activation.js';
import { denseLayer } from '../../src/nn/dense.js';
import { sequential } from '../../src/nn/sequential.js';
import { dirichletSample } from '../../src/dirichlet/index.js';
import { importanceLayer } from '../../src/explain/importance-layer.js';
import { bruteForce, relativeError } from './brute-force.js';

before(() => initEngine());

function setup(name: string, features: number, width: number) {
  const rng = createRng(3);
  const frozen = sequential([denseLayer(width, 6, rng, `${name}/a`), activationLayer('tanh'), denseLayer(6, 3, rng, `${name}/b`)]);
  const theta = tf.variable(tf.tensor1d(Float32Array.from({ length: features }, (_, k) => 0.3 * Math.sin(k + 1))), true, `${name}/theta`);
  const x = tf.tensor2d(Float32Array.from({ length: 8 * width }, () => rng.uniform() * 2 - 1), [8, width]);
  const y = tf.tensor1d(Int32Array.from({ length: 8 }, (_, i) => i % 3), 'int32');
  return { frozen, theta, x, y };
}

for (const estimator of ['point', 'sample'] as const) {
  for (const grouped of [false, true]) {
    test(`simplexScale (${estimator}, ${grouped ? 'columns grouped into features' : 'one column per feature'}): norms and clipped sums equal brute force`, () => {
      const groups = grouped ? Int32Array.from([0, 0, 1, 2, 2, 2, 3]) : null;
      const features = 4, width = grouped ? 7 : 4, scale = 2;
      const { frozen, theta, x, y } = setup(`simplex-${estimator}-${grouped}`, features, width);
      // A fresh stream per call, as the oracle's: the layer draws once per forward pass.
      const engineNet = (): Network => {
        const layer = importanceLayer(theta, { estimator, groups, inputScale: scale, rng: createRng(11) });
        return { params: [theta], apply: (xs, trace) => frozen.apply(layer(xs, trace), null, false) };
      };
      // The oracle differentiates s(θ) with tf (the same draw: a fresh stream with the same seed).
      const oracleNet: Network = {
        params: [theta],
        apply: (xs) => {
          const s = estimator === 'point'
            ? tf.div(tf.softplus(theta), tf.sum(tf.softplus(theta)))
            : dirichletSample(theta as unknown as tf.Tensor1D, createRng(11));
          const perColumn = groups ? tf.gather(s, tf.tensor1d(groups, 'int32')) : s;
          return frozen.apply(tf.mul(xs, tf.mul(perColumn, scale)), null, false);
        },
      };
      const expected = bruteForce(oracleNet, x, y, softmaxCrossEntropy, 1e6);
      const median = [...expected.norms].sort((a, b) => a - b)[4]!;
      for (const clip of [median, 1e6]) {
        const want = bruteForce(oracleNet, x, y, softmaxCrossEntropy, clip);
        const got = clippedGradientSum(engineNet(), x, y, softmaxCrossEntropy, clip);
        assert.ok(relativeError(got.norms, want.norms) <= 1e-4, `norms ${[...got.norms].slice(0, 3)} vs ${want.norms.slice(0, 3)}`);
        assert.ok(want.norms.every((n) => n > 0), 'the oracle gradients are not all zero');
        const sum = got.sums.get(theta)!.dataSync();
        assert.ok(relativeError(sum, want.clippedSums[0]!) <= 1e-4, `clipped sum: relative error ${relativeError(sum, want.clippedSums[0]!)}`);
        tf.dispose([...got.sums.values()]);
      }
      tf.dispose([x, y, theta, ...frozen.params]);
    });
  }
}
