// The random-class-draw loss (TermLoss.labelledLoss): the joint embedding of the reference code,
// Σ_c ‖p_c t_c − (1/n) Σ_{j: y_j = c} φ(x_j)‖², checked by brute force from explicit features.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine } from '../../src/engine/index.js';
import { hermiteRho, hermiteSumFeatures } from '../../src/features/hermite.js';
import { drawFrequencies, fourierFeatures } from '../../src/features/random-fourier.js';
import { explicitTerm, hermiteSumTerm, type EmbeddingTerm } from '../../src/synth/embedding-term.js';
import { drawLabels, trainGenerator } from '../../src/synth/train-generator.js';
import { oneHotFloat } from '../../src/synth/mean-embedding.js';

before(async () => { await initEngine(); });

const classes = 3, d = 5, rows = 11;

/** Class means come from real rows through the term (its own layout) and, for the brute force, through `features`. */
function check(term: EmbeddingTerm, features: (x: tf.Tensor2D) => tf.Tensor2D, tolerance: number): void {
  const rng = createRng(3);
  const realRows = 4 * classes;
  const real = Float32Array.from({ length: realRows * d }, () => rng.uniform());
  const realLabels = Int32Array.from({ length: realRows }, (_, i) => i % classes);
  const sums = new Float64Array(classes * term.dim);
  tf.tidy(() => term.accumulate(tf.tensor2d(real, [realRows, d]), realLabels, classes, sums));
  const x = Float32Array.from({ length: rows * d }, () => rng.uniform());
  const labels = Int32Array.from([0, 2, 2, 1, 0, 2, 2, 2, 1, 0, 2]);
  const p = Float32Array.from([0.2, 0.3, 0.5]);
  const tensorsBefore = tf.memory().numTensors;
  const loss = term.createLoss(Float32Array.from(sums, (v) => v / 4), classes);
  const at = (q: Float32Array) => tf.tidy(() => loss.labelledLoss!(tf.tensor2d(x, [rows, d]), labels, q).dataSync()[0]!);
  // Other proportions first: the weighted target kept between steps must follow a change.
  const other = Float32Array.from([0.6, 0.1, 0.3]);
  const first = at(other);
  other.set(p);
  const value = at(other);
  assert.notEqual(value, first);
  assert.equal(at(p), value);
  loss.dispose();
  assert.equal(tf.memory().numTensors, tensorsBefore, 'labelledLoss leaves no tensor behind after dispose');
  const dim = term.dim;
  const phiReal = tf.tidy(() => features(tf.tensor2d(real, [realRows, d])).dataSync());
  const phi = tf.tidy(() => features(tf.tensor2d(x, [rows, d])).dataSync());
  let expected = 0;
  for (let c = 0; c < classes; c++) {
    for (let k = 0; k < dim; k++) {
      let mean = 0, s = 0;
      for (let i = 0; i < realRows; i++) if (realLabels[i] === c) mean += phiReal[i * dim + k]! / 4;
      for (let j = 0; j < rows; j++) if (labels[j] === c) s += phi[j * dim + k]!;
      expected += (p[c]! * mean - s / rows) ** 2;
    }
  }
  assert.ok(Math.abs(value - expected) < tolerance * Math.max(1, Math.abs(expected)), `${term.name}: ${value} vs ${expected}`);
}

test('labelledLoss is the joint-embedding distance (explicit random Fourier features)', () => {
  const omega = tf.tensor2d(drawFrequencies(d, 40, 0.7, createRng(4)), [d, 20]);
  const features = (x: tf.Tensor2D) => fourierFeatures(x, omega);
  check(explicitTerm({ name: 'rff', dim: 40, features }), features, 1e-5);
  omega.dispose();
});

test('labelledLoss is the joint-embedding distance (fused Hermite sum kernel)', () => {
  const rho = hermiteRho(0.15), order = 20;
  check(hermiteSumTerm({ dim: d, order, rho }), (x) => hermiteSumFeatures(x, rho, order), 1e-4);
});

test('drawLabels follows the proportions and skips empty or negative ones', () => {
  const labels = drawLabels(20_000, [0.5, 0, 0.3, -0.1, 0.2], createRng(9));
  const counts = [0, 0, 0, 0, 0];
  for (const c of labels) counts[c]!++;
  assert.equal(counts[1], 0);
  assert.equal(counts[3], 0);
  for (const [c, p] of [[0, 0.5], [2, 0.3], [4, 0.2]] as const) assert.ok(Math.abs(counts[c]! / 20_000 - p) < 0.015, `class ${c}: ${counts[c]}`);
});

test('the fused Hermite term\'s labelledLoss has the gradient of the same loss through explicit features (autodiff)', () => {
  const rho = hermiteRho(0.15), order = 20;
  const term = hermiteSumTerm({ dim: d, order, rho });
  const rng = createRng(8);
  const means = new Float64Array(classes * term.dim);
  const real = Float32Array.from({ length: 6 * d }, () => rng.uniform());
  tf.tidy(() => term.accumulate(tf.tensor2d(real, [6, d]), Int32Array.from([0, 1, 2, 0, 1, 2]), classes, means));
  const target = Float32Array.from(means, (v) => v / 2);
  const labels = Int32Array.from([2, 0, 2, 1, 1, 2, 0, 2, 2, 1, 0]);
  const p = Float32Array.from([0.25, 0.25, 0.5]);
  const x = tf.tensor2d(Float32Array.from({ length: rows * d }, () => rng.uniform()), [rows, d]);
  const loss = term.createLoss(target, classes);
  const fused = tf.tidy(() => Array.from(tf.grad((v: tf.Tensor) => loss.labelledLoss!(v as tf.Tensor2D, labels, p))(x).dataSync()));
  loss.dispose();
  // The same loss written out: explicit features (plain tf ops), one-hot class sums, weighted targets.
  const explicit = tf.tidy(() => Array.from(tf.grad((v: tf.Tensor) => {
    const sums = tf.matMul(oneHotFloat(labels, classes), hermiteSumFeatures(v as tf.Tensor2D, rho, order), true, false);
    // Targets from the real rows through the explicit features (their own coordinate order).
    const realSums = tf.matMul(oneHotFloat(Int32Array.from([0, 1, 2, 0, 1, 2]), classes), hermiteSumFeatures(tf.tensor2d(real, [6, d]), rho, order), true, false);
    const weighted = tf.mul(tf.div(realSums, 2), tf.tensor2d(p, [classes, 1]));
    return tf.sum(tf.square(tf.sub(weighted, tf.div(sums, rows))));
  })(x).dataSync()));
  x.dispose();
  const scale = Math.max(...explicit.map(Math.abs));
  assert.ok(scale > 0);
  fused.forEach((g, i) => assert.ok(Math.abs(g - explicit[i]!) < 1e-3 * scale, `entry ${i}: ${g} vs ${explicit[i]}`));
});

test('trainGenerator with released proportions draws each row\'s class from them; without, balanced blocks', async () => {
  const dim = 2, batch = 40;
  const seen: number[][] = [];
  const v = tf.variable(tf.zeros([1, dim]));
  const generator = {
    codeSize: 1, classes: 2, variables: [v],
    generate: (code: tf.Tensor2D, y: tf.Tensor2D) => {
      seen.push(Array.from(tf.tidy(() => tf.argMax(y, 1).dataSync())));
      return tf.mul(tf.ones([code.shape[0], 1]), v) as tf.Tensor2D;
    },
  };
  const term = explicitTerm({ name: 'identity', dim, features: (x) => x });
  const loss = term.createLoss(new Float32Array(2 * dim), 2);
  const train = (randomClasses?: Float32Array) => trainGenerator({
    generator, losses: [loss], schedule: () => [{ term: 0, weight: 1 }], steps: 50, batchSize: batch,
    learningRate: () => 0.01, rng: createRng(5), ...(randomClasses ? { randomClasses } : {}),
  });
  await train(Float32Array.from([0.75, 0.25]));
  const drawn = seen.flat();
  assert.ok(seen.every((r) => r.length === batch));
  const share = drawn.filter((c) => c === 1).length / drawn.length;
  assert.ok(Math.abs(share - 0.25) < 0.03, `class 1 share ${share}`);
  assert.ok(new Set(seen.map((r) => r.join())).size > 1, 'classes are drawn afresh every step');
  seen.length = 0;
  await train();
  const blocks = Array.from({ length: batch }, (_, i) => (i < batch / 2 ? 0 : 1)).join();
  assert.ok(seen.every((r) => r.join() === blocks));
  loss.dispose();
  v.dispose();
});
