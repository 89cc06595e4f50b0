import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine } from '../../src/engine/index.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { dirichletKl, dirichletSample } from '../../src/dirichlet/ops.js';
import { dirichletVjp, drawDirichlet, sigmoid, softplus, softplusInverse } from '../../src/dirichlet/dirichlet.js';
import { klDirichlet, klDirichletGradAlpha } from '../../src/dirichlet/kl.js';
import { assertClose } from './numeric.js';

before(async () => { await initEngine(); });

const THETA = [-1, 0.5, 2, -0.25, -3]; // exact in float32, so the float64 reference sees the same θ
const W = [0.7, -1.5, 0.25, 2, -0.5];

function closeArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rel = 2e-6, abs = 1e-7): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) assertClose(actual[i]!, expected[i]!, rel, abs, `${what}[${i}]`);
}

/** The float64 reference: the same draws from the same seed, with gradients Σ_rows vjp(w)·σ(θ). */
function reference(thetaRows: number[][], seed: number, weights: number[][]): { samples: number[]; grad: number[][] } {
  const rng = createRng(seed);
  const samples: number[] = [];
  const grad = thetaRows.map((row) => row.map(() => 0));
  weights.forEach((w, r) => {
    const t = thetaRows[Math.min(r, thetaRows.length - 1)]!;
    const draw = drawDirichlet(t.map(softplus), rng);
    samples.push(...draw.sample);
    const vjp = dirichletVjp(draw, w);
    const g = grad[Math.min(r, thetaRows.length - 1)]!;
    t.forEach((v, k) => { g[k] = g[k]! + vjp[k]! * sigmoid(v); });
  });
  return { samples, grad };
}

test('dirichletSample on θ [D]: value and θ-gradient equal the float64 reference', () => {
  const ref = reference([THETA], 31, [W]);
  const theta = tf.tensor1d(THETA);
  const rng = createRng(31);
  const { value, grad } = tf.valueAndGrad((t: tf.Tensor1D) => tf.sum(tf.mul(dirichletSample(t, rng), W)))(theta);
  const s = dirichletSample(theta, createRng(31));
  assert.deepEqual(s.shape, [5]);
  closeArrays(s.dataSync(), ref.samples, 'sample');
  assertClose(value.dataSync()[0]!, ref.samples.reduce((a, v, i) => a + v * W[i]!, 0), 2e-6, 1e-7, 'value');
  closeArrays(grad.dataSync(), ref.grad[0]!, 'grad');
  tf.dispose([theta, value, grad, s]);
});

test('dirichletSample with draws on θ [D] and on θ [n, D]: shapes, values, gradients', () => {
  const weights = [W, W.map((v) => -v), W.map((v, i) => v * i)];
  // Three draws of one θ: the gradient adds the three draws' contributions.
  const shared = reference([THETA], 32, weights);
  const theta = tf.tensor1d(THETA);
  const rng = createRng(32);
  const g1 = tf.grad((t) => tf.sum(tf.mul(dirichletSample(t as tf.Tensor1D, rng, 3), tf.tensor2d(weights))))(theta);
  closeArrays(g1.dataSync(), shared.grad[0]!, 'grad, 3 draws');
  const s1 = dirichletSample(theta, createRng(32), 3);
  assert.deepEqual(s1.shape, [3, 5]);
  closeArrays(s1.dataSync(), shared.samples, 'samples, 3 draws');
  // One θ row per draw.
  const rows = [THETA, THETA.map((v) => v + 1), THETA.map((v) => -v)];
  const perRow = reference(rows, 33, weights);
  const theta2 = tf.tensor2d(rows);
  const rng2 = createRng(33);
  const g2 = tf.grad((t) => tf.sum(tf.mul(dirichletSample(t as tf.Tensor2D, rng2), tf.tensor2d(weights))))(theta2);
  assert.deepEqual(g2.shape, [3, 5]);
  closeArrays(g2.dataSync(), perRow.grad.flat(), 'grad, θ rows');
  const s2 = dirichletSample(theta2, createRng(33));
  closeArrays(s2.dataSync(), perRow.samples, 'samples, θ rows');
  assert.throws(() => dirichletSample(theta2 as unknown as tf.Tensor1D, rng, 2), /rank-1/);
  tf.dispose([theta, g1, s1, theta2, g2, s2]);
});

test('dirichletSample trains through a tf.Variable (variableGrads) without leaking tensors', () => {
  const theta = tf.variable(tf.tensor1d(THETA));
  const rng = createRng(34);
  const before = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(dirichletSample(theta, rng, 4), tf.tensor1d(W))), [theta]);
  const g = grads[theta.name]!;
  assert.ok(Array.from(g.dataSync()).every(Number.isFinite) && Number.isFinite(value.dataSync()[0]!));
  tf.dispose([value, g]);
  assert.equal(tf.memory().numTensors, before);
  theta.dispose();
});

test('dirichletKl: values and gradients equal the float64 reference, for α [D] and α [n, D]', () => tf.tidy(() => {
  const alpha = [0.5, 1.25, 3, 0.125];
  const kl = dirichletKl(tf.tensor1d(alpha), 2);
  assert.deepEqual(kl.shape, []);
  assertClose(kl.dataSync()[0]!, klDirichlet(alpha, 2), 1e-6, 0, 'KL value');
  const g = tf.grad((a) => tf.mul(dirichletKl(a as tf.Tensor1D, [1, 2, 3, 4]), 3))(tf.tensor1d(alpha));
  closeArrays(g.dataSync(), Array.from(klDirichletGradAlpha(alpha, [1, 2, 3, 4]), (v) => 3 * v), 'KL grad');
  const rows = [alpha, [1, 2, 3, 4], [2, 2, 2, 2]];
  const dy = [1, -2, 0.5];
  const perRow = dirichletKl(tf.tensor2d(rows), tf.tensor1d([2, 2, 2, 2]));
  assert.deepEqual(perRow.shape, [3]);
  closeArrays(perRow.dataSync(), rows.map((r) => klDirichlet(r, 2)), 'KL per row', 1e-6, 1e-7);
  const g2 = tf.grad((a) => tf.sum(tf.mul(dirichletKl(a as tf.Tensor2D, 2), dy)))(tf.tensor2d(rows));
  closeArrays(g2.dataSync(), rows.flatMap((r, i) => Array.from(klDirichletGradAlpha(r, 2), (v) => dy[i]! * v)), 'KL grad per row');
}));

test('Adam on θ with α = softplus(θ) drives KL(Dir(α) ‖ Dir(β)) to 0 and α to β', () => {
  const beta = [0.5, 2, 3];
  const theta = tf.variable(tf.tensor1d([0, 0, 0]));
  const opt = tf.train.adam(0.05);
  for (let i = 0; i < 400; i++) opt.minimize(() => dirichletKl(tf.softplus(theta) as tf.Tensor1D, beta));
  const phi = Array.from(theta.dataSync(), softplus);
  phi.forEach((v, i) => assertClose(v, beta[i]!, 2e-2, 0, `α_${i}`));
  assert.ok(klDirichlet(phi, beta) < 1e-4, 'KL near 0');
  assertClose(theta.dataSync()[1]!, softplusInverse(2), 2e-2, 0, 'θ');
  opt.dispose();
  theta.dispose();
});
