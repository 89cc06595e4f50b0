import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine } from '../../src/engine/index.js';
import { hermiteFeatures, hermiteRho, hermiteSumFeatures } from '../../src/features/hermite.js';
import { hermiteNormTable, hermiteSquaredNorm, summedSquaredNorms } from '../../src/features/hermite-norm-table.js';

before(async () => { await initEngine(); });

test('g(x) = Σ φ_k(x)² equals the features\' own squared norm, and the card\'s ‖φ(0.8)‖² = 0.683 at σ² = 0.005, order 100', () => {
  const rho = hermiteRho(0.005);
  assert.ok(Math.abs(hermiteSquaredNorm(0.8, rho, 100) - 0.683) < 5e-4, `${hermiteSquaredNorm(0.8, rho, 100)}`);
  for (const [r, order] of [[0.5, 10], [hermiteRho(0.15), 100], [rho, 20]] as const) {
    const xs = [0, 0.13, 0.5, 0.8, 1];
    const phi = tf.tidy(() => tf.sum(tf.square(hermiteFeatures(tf.tensor2d(xs, [1, xs.length]), r, order)), 2).dataSync());
    xs.forEach((x, i) => assert.ok(Math.abs(hermiteSquaredNorm(x, r, order) - phi[i]!) < 1e-5, `ρ ${r} order ${order} x ${x}: ${hermiteSquaredNorm(x, r, order)} vs ${phi[i]}`));
  }
});

test('the table gives the summed squared sum-kernel norms of a batch and their gradient, as the explicit features do', () => {
  const rng = createRng(3);
  const n = 6, d = 9, order = 100;
  for (const variance of [0.005, 0.15]) {
    const rho = hermiteRho(variance);
    const table = hermiteNormTable(rho, order);
    const x = tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.uniform()), [n, d]);
    const explicit = (v: tf.Tensor2D) => tf.sum(tf.square(hermiteSumFeatures(v, rho, order))) as tf.Scalar;
    const viaTable = (v: tf.Tensor2D) => summedSquaredNorms(table, v);
    const [a, b] = [tf.tidy(() => explicit(x).dataSync()[0]!), tf.tidy(() => viaTable(x).dataSync()[0]!)];
    assert.ok(Math.abs(a - b) < 1e-4 * n, `σ² ${variance}: table ${b} vs features ${a}`);
    // Gradient oracle: central differences of g in float64, over d (each entry's share of the norm).
    const values = x.dataSync(), h = 1e-5;
    const expected = Array.from(values, (v) => (hermiteSquaredNorm(v + h, rho, order) - hermiteSquaredNorm(v - h, rho, order)) / (2 * h) / d);
    const got = tf.tidy(() => tf.grad((v) => viaTable(v as tf.Tensor2D))(x).dataSync());
    const scale = Math.max(...expected.map(Math.abs));
    if (variance === 0.005) assert.ok(scale > 1e-3, 'the gradient should not vanish where g varies');
    expected.forEach((e, i) => assert.ok(Math.abs(e - got[i]!) < 2e-3 * Math.max(scale, 1e-3), `gradient ${i}: ${got[i]} vs ${e}`));
    x.dispose();
  }
});
