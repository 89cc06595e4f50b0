import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine, createRng } from '../../src/engine/index.js';
import { hermiteFeatures, hermiteProductFeatures, hermiteRho, hermiteSumFeatures } from '../../src/features/hermite.js';

before(async () => { await initEngine(); });

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('ρ matches the method card for several length scales', () => {
  const cases: [number, number][] = [[0.75, 0.5], [1.0, 0.41421356237], [0.15, 0.86118742081], [0.005, 0.99501249992]];
  for (const [l2, rho] of cases) close(hermiteRho(l2), rho, 1e-10, `σ² = ${l2}`);
});

test('φ_0..φ_3 at x = 0.5, ρ = 0.5 match the method card', () => {
  const phi = hermiteFeatures(tf.tensor2d([[0.5]]), 0.5, 3).dataSync();
  const expected = [0.856197802844, 0.428098901422, -0.151355818107, -0.218463305819];
  expected.forEach((e, k) => close(phi[k]!, e, 1e-6, `φ_${k}`));
});

test('truncated kernel sums converge to the Gaussian kernel as the card says', () => {
  const phi = hermiteFeatures(tf.tensor2d([[0.5, -0.3]]), 0.5, 20).dataSync(); // [1, 2, 21]
  const partial = (c: number) => { let s = 0; for (let k = 0; k <= c; k++) s += phi[k]! * phi[21 + k]!; return s; };
  const expected: [number, number][] = [[0, 0.77323337365], [1, 0.6572483676], [2, 0.696876578], [5, 0.65559545441], [10, 0.65276887332], [20, 0.65268103949]];
  for (const [c, v] of expected) close(partial(c), v, 1e-6, `C = ${c}`);
  close(partial(20), Math.exp(-(0.8 ** 2) / (2 * 0.75)), 1e-6, 'exact kernel');
});

test('sum and product feature maps have norm ≤ 1 and approximate their kernels', () => {
  const rng = createRng(5);
  const n = 64, d = 6, order = 30, l2 = 0.5;
  const xv = Float32Array.from({ length: n * d }, () => rng.uniform());
  const yv = Float32Array.from({ length: n * d }, () => rng.uniform());
  const rho = hermiteRho(l2);
  const [fx, fy] = [hermiteSumFeatures(tf.tensor2d(xv, [n, d]), rho, order), hermiteSumFeatures(tf.tensor2d(yv, [n, d]), rho, order)];
  const norms = tf.sum(tf.square(fx), 1).dataSync();
  for (const v of norms) assert.ok(v <= 1 + 1e-5, `sum-kernel norm² ${v}`);
  const dots = tf.sum(tf.mul(fx, fy), 1).dataSync();
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let j = 0; j < d; j++) k += Math.exp(-((xv[i * d + j]! - yv[i * d + j]!) ** 2) / (2 * l2));
    close(dots[i]!, k / d, 1e-4, `sum kernel row ${i}`);
  }
  const subset = [0, 2, 5];
  const px = hermiteProductFeatures(tf.tensor2d(xv, [n, d]), rho, 16, subset), py = hermiteProductFeatures(tf.tensor2d(yv, [n, d]), rho, 16, subset);
  assert.deepEqual(px.shape, [n, 17 ** 3]);
  for (const v of tf.sum(tf.square(px), 1).dataSync()) assert.ok(v <= 1 + 1e-5, `product-kernel norm² ${v}`);
  const pd = tf.sum(tf.mul(px, py), 1).dataSync();
  for (let i = 0; i < n; i++) {
    let k = 1;
    for (const j of subset) k *= Math.exp(-((xv[i * d + j]! - yv[i * d + j]!) ** 2) / (2 * l2));
    close(pd[i]!, k, 1e-3, `product kernel row ${i}`);
  }
});

test('features are differentiable (the generator side needs gradients)', () => {
  const g = tf.grad((x: tf.Tensor) => tf.sum(hermiteSumFeatures(x as tf.Tensor2D, 0.5, 8)))(tf.tensor2d([[0.1, 0.7]]));
  for (const v of g.dataSync()) assert.ok(Number.isFinite(v));
});

test('the single-op Hermite features equal the tf recursion, values and gradients, without leaks', async () => {
  const { hermiteFeaturesFast } = await import('../../src/features/hermite-fast.js');
  const rng = createRng(8);
  const n = 40, d = 3, order = 25;
  const xv = Float32Array.from({ length: n * d }, () => rng.uniform() - 0.5);
  const rho = Float32Array.of(0.5, 0.9, 0.97);
  const w = tf.tensor3d(Float32Array.from({ length: n * d * (order + 1) }, () => rng.normal()), [n, d, order + 1]);
  const loss = (f: typeof hermiteFeatures) => (x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D, rho, order), w));
  const x = tf.tensor2d(xv, [n, d]);
  const slow = hermiteFeatures(x, rho, order).dataSync(), fast = hermiteFeaturesFast(x, rho, order).dataSync();
  for (let i = 0; i < slow.length; i++) close(fast[i]!, slow[i]!, 1e-5, `value ${i}`);
  const gs = tf.grad(loss(hermiteFeatures))(x).dataSync(), gf = tf.grad(loss(hermiteFeaturesFast))(x).dataSync();
  for (let i = 0; i < gs.length; i++) close(gf[i]!, gs[i]!, 1e-3 * Math.max(1, Math.abs(gs[i]!)), `gradient ${i}`);
  const before = tf.memory().numTensors;
  tf.tidy(() => { tf.grad(loss(hermiteFeaturesFast))(x); hermiteFeaturesFast(x, rho, order); });
  assert.equal(tf.memory().numTensors, before);
});
