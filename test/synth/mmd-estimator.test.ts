import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine } from '../../src/engine/index.js';
import { hermiteRho, hermiteSumFeatures } from '../../src/features/hermite.js';
import { drawFrequencies, fourierFeatures } from '../../src/features/random-fourier.js';
import { explicitTerm, hermiteSumTerm, type EmbeddingTerm } from '../../src/synth/embedding-term.js';
import { ntkTerm } from '../../src/synth/ntk-term.js';

before(async () => { await initEngine(); });

const classes = 2, d = 6, perClass = 3, realPerClass = 4;

/**
 * The term's loss on a generated batch against class means of `real` rows, and the same computed
 * by brute force from feature inner products (layout-free): biased Σ_c ‖t_c − mean_i φ_i‖², or the
 * U-statistic ‖t_c‖² − 2⟨t_c, mean_i φ_i⟩ + Σ_{i≠j} ⟨φ_i, φ_j⟩ / (n(n−1)).
 */
function lossAndBruteForce(term: EmbeddingTerm, features: (x: tf.Tensor2D) => tf.Tensor2D, estimator: 'biased' | 'unbiased'): [number, number] {
  const rng = createRng(7);
  const real = Float32Array.from({ length: classes * realPerClass * d }, () => rng.uniform());
  const fake = Float32Array.from({ length: classes * perClass * d }, () => rng.uniform());
  const realLabels = Int32Array.from({ length: classes * realPerClass }, (_, i) => Math.floor(i / realPerClass));
  const sums = new Float64Array(classes * term.dim);
  tf.tidy(() => term.accumulate(tf.tensor2d(real, [classes * realPerClass, d]), realLabels, classes, sums));
  const loss = term.createLoss(Float32Array.from(sums, (v) => v / realPerClass), classes, estimator);
  const value = tf.tidy(() => loss.loss(tf.tensor2d(fake, [classes * perClass, d]), perClass).dataSync()[0]!);
  loss.dispose();
  const gram = (a: Float32Array, b: Float32Array) => tf.tidy(() => {
    const fa = features(tf.tensor2d(a, [a.length / d, d])), fb = features(tf.tensor2d(b, [b.length / d, d]));
    return Array.from(tf.matMul(fa, fb, false, true).dataSync());
  });
  const rr = gram(real, real), rf = gram(real, fake), ff = gram(fake, fake);
  const nr = classes * realPerClass, nf = classes * perClass;
  let expected = 0;
  for (let c = 0; c < classes; c++) {
    const R = Array.from({ length: realPerClass }, (_, i) => c * realPerClass + i), F = Array.from({ length: perClass }, (_, i) => c * perClass + i);
    let tt = 0, tf_ = 0, same = 0, cross = 0;
    for (const a of R) for (const b of R) tt += rr[a * nr + b]!;
    for (const a of R) for (const b of F) tf_ += rf[a * nf + b]!;
    for (const a of F) for (const b of F) (a === b ? (same += ff[a * nf + b]!) : (cross += ff[a * nf + b]!));
    tt /= realPerClass ** 2; tf_ /= realPerClass * perClass;
    expected += tt - 2 * tf_ + (estimator === 'biased' ? (same + cross) / perClass ** 2 : cross / (perClass * (perClass - 1)));
  }
  return [value, expected];
}

test('the unbiased estimator is the U-statistic, and the biased one the plug-in distance (explicit features)', () => {
  const omega = tf.tensor2d(drawFrequencies(d, 40, 0.7, createRng(4)), [d, 20]);
  const features = (x: tf.Tensor2D) => fourierFeatures(x, omega);
  const term = explicitTerm({ name: 'rff', dim: 40, features });
  for (const estimator of ['biased', 'unbiased'] as const) {
    const [value, expected] = lossAndBruteForce(term, features, estimator);
    assert.ok(Math.abs(value - expected) < 1e-5 + 1e-4 * Math.abs(expected), `${estimator}: ${value} vs ${expected}`);
  }
  omega.dispose();
});

test('the same for the fused Hermite sum kernel, where the feature norms vary with the pixel (σ² = 0.005)', () => {
  const rho = hermiteRho(0.005), order = 20;
  const term = hermiteSumTerm({ dim: d, order, rho });
  const features = (x: tf.Tensor2D) => hermiteSumFeatures(x, rho, order);
  const values = (['biased', 'unbiased'] as const).map((estimator) => {
    const [value, expected] = lossAndBruteForce(term, features, estimator);
    assert.ok(Math.abs(value - expected) < 1e-5 + 1e-3 * Math.abs(expected), `${estimator}: ${value} vs ${expected}`);
    return value;
  });
  assert.ok(values[0]! > values[1]!, 'the plug-in distance exceeds the U-statistic by the generated rows\' spread');
});

test('DP-NTK\'s closed-form loss refuses the unbiased estimator instead of ignoring it', () => {
  const term = ntkTerm({ inputDim: d, width: 4, classes, seed: 1 });
  try {
    assert.throws(() => term.createLoss(new Float32Array(classes * term.dim), classes, 'unbiased'), /biased estimator only/);
  } finally {
    term.dispose();
  }
});
