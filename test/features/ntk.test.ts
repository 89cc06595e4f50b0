import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine, createRng, type Rng } from '../../src/engine/index.js';
import { clippedGradientSum } from '../../src/dpsgd/clipped-sum.js';
import type { PerExampleLoss } from '../../src/dpsgd/network.js';
import { denseLayer } from '../../src/nn/dense.js';
import { layerNormLayer } from '../../src/nn/norm.js';
import { sequential } from '../../src/nn/sequential.js';
import {
  createNtkNetwork, ntkClassSums, ntkEmbeddingLoss, ntkKernel, ntkParts, prepareNtkTarget, type NtkNetwork,
} from '../../src/features/ntk.js';

before(async () => { await initEngine(); });

const d = 6, W = 5, K = 3;

function randomMatrix(rng: Rng, rows: number, cols: number, scale = 1): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, () => scale * rng.normal()), [rows, cols]);
}

/** φ(x_i) for every row by one tf.grad per example of the summed output, flattened in params order. */
function bruteFeatures(net: NtkNetwork, x: tf.Tensor2D): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < x.shape[0]; i++) {
    const grads = tf.tidy(() => {
      const xi = tf.slice(x, i, 1);
      const { grads } = tf.variableGrads(() => tf.sum(net.apply(xi, null, false)) as tf.Scalar, [...net.params]);
      return net.params.map((p) => grads[p.name]!);
    });
    const phi = new Float64Array(net.parameterCount);
    grads.forEach((g, b) => phi.set(g.dataSync(), net.offsets[b]));
    tf.dispose(grads);
    out.push(phi);
  }
  return out;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };
const unit = (v: Float64Array) => { const n = Math.sqrt(dot(v, v)); return v.map((e) => e / n); };

/** max |a − b| / max |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) { diff = Math.max(diff, Math.abs(a[i]! - b[i]!)); scale = Math.max(scale, Math.abs(b[i]!)); }
  return scale === 0 ? diff : diff / scale;
}

test('the NTK network: layout, seeded PyTorch-style init, no LayerNorm parameters', () => {
  const net = createNtkNetwork({ inputDim: d, width: W, outputs: K, seed: 3 });
  const again = createNtkNetwork({ inputDim: d, width: W, outputs: K, seed: 3 });
  assert.equal(net.parameterCount, W * d + W + K * W + K);
  assert.deepEqual(net.offsets, [0, d * W, d * W + W, d * W + W + W * K, net.parameterCount]);
  assert.deepEqual(net.params.map((p) => p.shape), [[d, W], [W], [W, K], [K]]);
  net.params.forEach((p, b) => {
    const bound = 1 / Math.sqrt(b < 2 ? d : W);
    for (const v of p.dataSync()) assert.ok(Math.abs(v) <= bound);
    assert.deepEqual(p.dataSync(), again.params[b]!.dataSync());
  });
  assert.equal(layerNormLayer(4, 'ln-noaffine', { affine: false }).params.length, 0);
  net.dispose();
  again.dispose();
});

test('class sums through the per-example machinery equal brute-force normalized gradients', () => {
  const rng = createRng(11);
  const net = createNtkNetwork({ inputDim: d, width: W, outputs: K, seed: 1 });
  const x = randomMatrix(rng, 8, d);
  const labels = Int32Array.from([0, 1, 2, 0, 1, 0, 0, 1]);
  const start = Array.from({ length: 3 }, () => Float64Array.from({ length: net.parameterCount }, () => rng.normal()));
  const sums = start.map((s) => Float64Array.from(s));
  const before = tf.memory().numTensors;
  const norms = ntkClassSums(net, x, labels, 3, sums);
  assert.equal(tf.memory().numTensors, before, 'ntkClassSums leaks tensors');
  const phi = bruteFeatures(net, x);
  assert.ok(relErr(norms, phi.map((f) => Math.sqrt(dot(f, f)))) < 1e-5);
  for (let c = 0; c < 3; c++) {
    const expected = Float64Array.from(start[c]!);
    labels.forEach((y, i) => { if (y === c) unit(phi[i]!).forEach((v, p) => { expected[p]! += v; }); });
    const got = sums[c]!.map((v, p) => v - start[c]![p]!), want = expected.map((v, p) => v - start[c]![p]!);
    // The engine divides by ‖φ‖(1 + 1e-4): a relative difference of 1e-4 is by design.
    assert.ok(relErr(got, want) < 1.3e-4, `class ${c}: relative error ${relErr(got, want)}`);
  }
  x.dispose();
  net.dispose();
});

test('the closed-form norms and inner products equal brute force', () => {
  const rng = createRng(12);
  const net = createNtkNetwork({ inputDim: d, width: W, outputs: K, seed: 2 });
  const a = randomMatrix(rng, 7, d), b = randomMatrix(rng, 4, d, 2);
  const fa = bruteFeatures(net, a), fb = bruteFeatures(net, b);
  const parts = ntkParts(net, a);
  assert.ok(relErr(parts.normSq.dataSync(), fa.map((f) => dot(f, f))) < 1e-5);
  // δ and u are the b1 and (any output's) W2 blocks of φ. Compared over the whole batch: a row
  // with one active unit has a tiny δ made of float32 cancellation (the LayerNorm backward).
  const wantDelta = fa.flatMap((f) => [...f.subarray(net.offsets[1], net.offsets[2])]);
  const wantU = fa.flatMap((f) => Array.from({ length: W }, (_, w) => f[net.offsets[2] + w * K]!));
  assert.ok(relErr(parts.delta.dataSync(), wantDelta) < 1e-5);
  assert.ok(relErr(parts.u.dataSync(), wantU) < 1e-5);
  const k = ntkKernel(net, a, b).dataSync(), kn = ntkKernel(net, a, b, true).dataSync();
  const want = fa.flatMap((f) => fb.map((g) => dot(f, g)));
  const wantN = fa.flatMap((f) => fb.map((g) => dot(unit(f), unit(g))));
  assert.ok(relErr(k, want) < 1e-5, `kernel: ${relErr(k, want)}`);
  assert.ok(relErr(kn, wantN) < 1e-5, `normalized kernel: ${relErr(kn, wantN)}`);
  tf.dispose([a, b, parts.delta, parts.u, parts.normSq]);
  net.dispose();
});

test('inner products of single-example class sums equal the closed-form normalized kernel', () => {
  const rng = createRng(13);
  const net = createNtkNetwork({ inputDim: d, width: W, outputs: K, seed: 4 });
  const n = 6, x = randomMatrix(rng, n, d);
  const sums = Array.from({ length: n }, () => new Float64Array(net.parameterCount));
  ntkClassSums(net, x, Int32Array.from({ length: n }, (_, i) => i), n, sums);
  const kn = ntkKernel(net, x, x, true).dataSync();
  for (let i = 0; i < n; i++) {
    assert.ok(dot(sums[i]!, sums[i]!) <= 1, `‖φ̂‖² = ${dot(sums[i]!, sums[i]!)}`);
    for (let j = 0; j < n; j++) assert.ok(Math.abs(dot(sums[i]!, sums[j]!) - kn[i * n + j]!) < 2.5e-4);
  }
  x.dispose();
  net.dispose();
});

/** Layout-following float64 reimplementation of φ(x) from the network's weights (card §4.3). */
function closedFormFeatures64(net: NtkNetwork, x: Float64Array, rows: number): Float64Array[] {
  const [w1, b1, w2] = net.params.map((p) => Float64Array.from(p.dataSync()));
  const s = Array.from({ length: W }, (_, w) => { let t = 0; for (let k = 0; k < K; k++) t += w2![w * K + k]!; return t; });
  const sbar = s.reduce((p, q) => p + q, 0) / W;
  const out: Float64Array[] = [];
  for (let r = 0; r < rows; r++) {
    const xr = x.subarray(r * d, (r + 1) * d);
    const a = Array.from({ length: W }, (_, w) => { let t = b1![w]!; for (let i = 0; i < d; i++) t += xr[i]! * w1![i * W + w]!; return t; });
    const h = a.map((v) => Math.max(v, 0));
    const mean = h.reduce((p, q) => p + q, 0) / W;
    const v = h.reduce((p, q) => p + (q - mean) ** 2, 0) / W;
    const inv = 1 / Math.sqrt(v + net.epsilon);
    const u = h.map((q) => (q - mean) * inv);
    const su = u.reduce((p, q, w) => p + q * s[w]!, 0) / W;
    const delta = a.map((q, w) => (q > 0 ? (s[w]! - sbar - u[w]! * su) * inv : 0));
    const phi = new Float64Array(net.parameterCount);
    for (let i = 0; i < d; i++) for (let w = 0; w < W; w++) phi[i * W + w] = xr[i]! * delta[w]!;
    for (let w = 0; w < W; w++) phi[net.offsets[1] + w] = delta[w]!;
    for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) phi[net.offsets[2] + w * K + k] = u[w]!;
    for (let k = 0; k < K; k++) phi[net.offsets[3] + k] = 1;
    out.push(phi);
  }
  return out;
}

/** Σ_c ‖T_c − mean over the class block of φ̂‖², in float64. */
function explicitLoss(features: Float64Array[], targets: Float64Array[], perClass: number): number {
  let loss = 0;
  targets.forEach((t, c) => {
    const mu = new Float64Array(t.length);
    for (let j = c * perClass; j < (c + 1) * perClass; j++) unit(features[j]!).forEach((v, p) => { mu[p]! += v / perClass; });
    loss += t.reduce((acc, tv, p) => acc + (tv - mu[p]!) ** 2, 0);
  });
  return loss;
}

function makeTarget(net: NtkNetwork, rng: Rng, classes: number): Float64Array[] {
  // Class means of features of other data, plus a perturbation (as a noisy release would have).
  return Array.from({ length: classes }, () => {
    const other = randomMatrix(rng, 5, d);
    const t = new Float64Array(net.parameterCount);
    for (const f of bruteFeatures(net, other)) unit(f).forEach((v, p) => { t[p]! += v / 5; });
    other.dispose();
    return t.map((v) => v + 0.05 * rng.normal());
  });
}

test('the embedding loss equals the explicit distance to brute-force features, and its gradient the float64 finite differences', (t) => {
  const rng = createRng(14);
  const net = createNtkNetwork({ inputDim: d, width: W, outputs: K, seed: 5 });
  const classes = 2, perClass = 4, rows = classes * perClass;
  const targets = makeTarget(net, rng, classes);
  // Both target forms: row-major [P, classes] and one column per class.
  const interleaved = new Float32Array(net.parameterCount * classes);
  targets.forEach((t, c) => t.forEach((v, p) => { interleaved[p * classes + c] = v; }));
  const target = prepareNtkTarget(net, interleaved, classes);
  const targetCols = prepareNtkTarget(net, targets.map((t) => Float32Array.from(t)), classes);
  const f32Targets = targets.map((t) => Float64Array.from(Float32Array.from(t)));
  const x = randomMatrix(rng, rows, d);
  const xv = Float64Array.from(x.dataSync());

  const loss = ntkEmbeddingLoss(net, target, x, perClass);
  const explicit = explicitLoss(bruteFeatures(net, x), f32Targets, perClass);
  assert.ok(Math.abs(loss.dataSync()[0]! - explicit) < 1e-5 * Math.max(1, explicit), `loss ${loss.dataSync()[0]} vs ${explicit}`);
  assert.ok(Math.abs(ntkEmbeddingLoss(net, targetCols, x, perClass).dataSync()[0]! - explicit) < 1e-5 * Math.max(1, explicit));
  const loss64 = (v: Float64Array) => explicitLoss(closedFormFeatures64(net, v, rows), f32Targets, perClass);
  assert.ok(Math.abs(loss64(xv) - explicit) < 1e-6 * Math.max(1, explicit));

  // Central differences of the float64 reimplementation, step 1e-6 (no ReLU kink within reach).
  const pre = tf.add(tf.matMul(x, net.params[0]), net.params[1]).dataSync();
  assert.ok(pre.every((v) => Math.abs(v) > 1e-3), 'a pre-activation sits on the ReLU kink; change the seed');
  const before = tf.memory().numTensors;
  const gradTensor = tf.grad((xx: tf.Tensor) => ntkEmbeddingLoss(net, target, xx as tf.Tensor2D, perClass))(x);
  const grad = gradTensor.dataSync();
  gradTensor.dispose();
  assert.equal(tf.memory().numTensors, before, 'the loss gradient leaks tensors');
  const eps = 1e-6, fd = new Float64Array(xv.length);
  for (let i = 0; i < xv.length; i++) {
    const plus = Float64Array.from(xv), minus = Float64Array.from(xv);
    plus[i]! += eps;
    minus[i]! -= eps;
    fd[i] = (loss64(plus) - loss64(minus)) / (2 * eps);
  }
  t.diagnostic(`loss ${loss.dataSync()[0]} vs explicit ${explicit}; gradient relative error ${relErr(grad, fd).toExponential(2)}`);
  assert.ok(relErr(grad, fd) < 1e-4, `gradient relative error ${relErr(grad, fd)}`);
  tf.dispose([x, loss]);
  target.dispose();
  targetCols.dispose();
  net.dispose();
});

test('an optimizer lowers the embedding loss through trainable rows', () => {
  const rng = createRng(15);
  const net = createNtkNetwork({ inputDim: d, width: W, outputs: K, seed: 6 });
  const target = prepareNtkTarget(net, makeTarget(net, rng, 2), 2);
  const x = tf.variable(randomMatrix(rng, 6, d));
  const opt = tf.train.adam(0.05);
  const first = ntkEmbeddingLoss(net, target, x, 3).dataSync()[0]!;
  for (let s = 0; s < 30; s++) tf.dispose(opt.minimize(() => ntkEmbeddingLoss(net, target, x, 3)) ?? []);
  const last = ntkEmbeddingLoss(net, target, x, 3).dataSync()[0]!;
  assert.ok(last < first * 0.9, `loss ${first} → ${last}`);
  opt.dispose();
  x.dispose();
  target.dispose();
  net.dispose();
});

test("clippedGradientSum 'normalize': unit contributions; zero and non-finite norms contribute 0", () => {
  const rng = createRng(16);
  const layer = denseLayer(3, 2, rng, 'norm-dense', false);
  const net = sequential([layer]);
  const sumOut: PerExampleLoss = (o) => tf.sum(o, 1) as tf.Tensor1D;
  const x = tf.tensor2d([1, 2, 2, 0, 0, 0, NaN, 1, 1, 0, 3, 4], [4, 3]);
  const { sums, norms } = clippedGradientSum(net, x, tf.zeros([4]), sumOut, 'normalize');
  // φ(x) = x ⊗ 1_2 (W [3, 2]), ‖φ‖ = √2‖x‖: rows 0 and 3 contribute x/(√2‖x‖) in each column.
  assert.ok(Math.abs(norms[0]! - 3 * Math.SQRT2) < 1e-5 && norms[1] === 0 && !Number.isFinite(norms[2]!));
  const got = sums.get(net.params[0]!)!.dataSync();
  const want = [1 / 3 + 0, 2 / 3 + 3 / 5, 2 / 3 + 4 / 5].flatMap((v) => [v / Math.SQRT2, v / Math.SQRT2]);
  assert.ok(relErr(got, want) < 1.3e-4, `${[...got]} vs ${want}`);
  assert.throws(() => clippedGradientSum(net, x, tf.zeros([4]), sumOut, 0), /clipping norm/);
  tf.dispose([...sums.values(), x]);
});
