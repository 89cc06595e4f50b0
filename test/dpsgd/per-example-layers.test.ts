// Layer norm, group norm, embeddings and attention: forward passes against hand computations, and
// the DP engine's per-example norms and clipped sums against one backward pass per example.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine, createRng, type Rng } from '../../src/engine/index.js';
import { clippedGradientSum } from '../../src/dpsgd/clipped-sum.js';
import { softmaxCrossEntropy, type Network } from '../../src/dpsgd/network.js';
import { activationLayer, flattenLayer } from '../../src/nn/activation.js';
import { multiHeadAttentionLayer } from '../../src/nn/attention.js';
import { conv2dLayer } from '../../src/nn/conv2d.js';
import { denseLayer } from '../../src/nn/dense.js';
import { embeddingLayer } from '../../src/nn/embedding.js';
import { groupNormLayer, layerNormLayer } from '../../src/nn/norm.js';
import { sequential } from '../../src/nn/sequential.js';
import { bruteForce, checkAgainstBruteForce, relativeError } from './brute-force.js';

before(() => initEngine());

const check = checkAgainstBruteForce;

/** A clip norm between the smallest and largest per-example norm, so some examples are clipped and some not. */
function medianClip(net: Network, x: tf.Tensor, y: tf.Tensor): number {
  const norms = [...bruteForce(net, x, y, softmaxCrossEntropy, 1).norms].sort((a, b) => a - b);
  assert.ok(norms[0]! < norms[norms.length - 1]! * 0.99, 'per-example norms should differ');
  return (norms[Math.floor((norms.length - 1) / 2)]! + norms[Math.floor(norms.length / 2)]!) / 2;
}

function randomTensor(shape: number[], rng: Rng, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => (rng.uniform() * 2 - 1) * scale), shape);
}

function labels(batch: number, classes: number, rng: Rng): tf.Tensor {
  return tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(classes)), 'int32');
}

/** Moves γ and β away from 1 and 0, so a rule that confused them, or ignored γ, would show. */
function randomise(params: readonly tf.Variable[], rng: Rng): void {
  for (const p of params) p.assign(tf.add(randomTensor(p.shape, rng, 0.5), p.name.endsWith('/gamma') ? 1 : 0));
}

// Forward passes against hand computations.

test('layer norm standardises each row over the last axis, then scales and shifts', () => {
  const ln = layerNormLayer(3, 'ln-fwd', { epsilon: 0.01 });
  ln.params[0]!.assign(tf.tensor1d([1, 2, -1]));
  ln.params[1]!.assign(tf.tensor1d([0.5, 0, 1]));
  const rows = [[1, 2, 6], [0, -3, 3]];
  const expected = rows.flatMap((r) => {
    const m = (r[0]! + r[1]! + r[2]!) / 3;
    const v = r.reduce((s, e) => s + (e - m) ** 2, 0) / 3; // biased variance, as PyTorch
    return r.map((e, j) => ((e - m) / Math.sqrt(v + 0.01)) * [1, 2, -1][j]! + [0.5, 0, 1][j]!);
  });
  const got = ln.apply(tf.tensor3d([rows], [1, 2, 3]), null, false);
  assert.deepEqual(got.shape, [1, 2, 3]);
  assert.ok(relativeError(got.dataSync(), expected) <= 1e-5, `${got.dataSync()} vs ${expected}`);
});

test('group norm takes statistics per example and group over positions and the group\'s channels', () => {
  const [B, H, W, C, G] = [2, 2, 3, 4, 2];
  const gn = groupNormLayer(C, G, 'gn-fwd');
  const rng = createRng(20);
  randomise(gn.params, rng);
  const x = randomTensor([B, H, W, C], rng, 3);
  const xv = x.dataSync(), gamma = gn.params[0]!.dataSync(), beta = gn.params[1]!.dataSync();
  const expected = new Float64Array(x.size);
  const per = C / G;
  for (let b = 0; b < B; b++) {
    for (let g = 0; g < G; g++) {
      const idx: number[] = [];
      for (let p = 0; p < H * W; p++) for (let c = g * per; c < (g + 1) * per; c++) idx.push((b * H * W + p) * C + c);
      const m = idx.reduce((s, i) => s + xv[i]!, 0) / idx.length;
      const v = idx.reduce((s, i) => s + (xv[i]! - m) ** 2, 0) / idx.length;
      for (const i of idx) expected[i] = ((xv[i]! - m) / Math.sqrt(v + 1e-5)) * gamma[i % C]! + beta[i % C]!;
    }
  }
  assert.ok(relativeError(gn.apply(x, null, false).dataSync(), expected) <= 1e-5);
  // One group is layer norm over positions and channels; [B, T, C] sequences work too.
  const seq = randomTensor([2, 5, 4], rng);
  const one = groupNormLayer(4, 1, 'gn-one').apply(seq, null, false).dataSync();
  const flat = layerNormLayer(20, 'gn-ln').apply(tf.reshape(seq, [2, 1, 20]), null, false).dataSync();
  assert.ok(relativeError(one, flat) <= 1e-5);
  assert.throws(() => groupNormLayer(6, 4, 'gn-bad'), /6 channels to split evenly into 4 groups/);
});

/** Attention with explicit loops over examples, heads, queries and keys. */
function naiveAttention(x: number[][][], ctx: number[][][], w: Record<'q' | 'k' | 'v' | 'out', { W: Float32Array; b: Float32Array }>, width: number, heads: number): number[] {
  const dense = (row: number[], p: { W: Float32Array; b: Float32Array }) =>
    Array.from({ length: width }, (_, o) => p.b[o]! + row.reduce((s, a, i) => s + a * p.W[i * width + o]!, 0));
  const d = width / heads;
  const result: number[] = [];
  x.forEach((seq, b) => {
    const Q = seq.map((r) => dense(r, w.q)), K = ctx[b]!.map((r) => dense(r, w.k)), V = ctx[b]!.map((r) => dense(r, w.v));
    for (let t = 0; t < seq.length; t++) {
      const merged = new Array<number>(width).fill(0);
      for (let h = 0; h < heads; h++) {
        const s = K.map((kr) => { let dot = 0; for (let j = 0; j < d; j++) dot += Q[t]![h * d + j]! * kr[h * d + j]!; return dot / Math.sqrt(d); });
        const mx = Math.max(...s), e = s.map((z) => Math.exp(z - mx)), total = e.reduce((a, c) => a + c, 0);
        for (let j = 0; j < d; j++) merged[h * d + j] = V.reduce((acc, vr, u) => acc + (e[u]! / total) * vr[h * d + j]!, 0);
      }
      result.push(...dense(merged, w.out));
    }
  });
  return result;
}

test('attention equals a naive loop implementation (self- and cross-attention)', () => {
  const rng = createRng(21);
  for (const contextWidth of [undefined, 3]) {
    const width = 4, heads = 2;
    const att = multiHeadAttentionLayer({ width, heads, ...(contextWidth ? { contextWidth } : {}) }, rng, `att-fwd${contextWidth ?? ''}`);
    const x = randomTensor([2, 3, width], rng, 2);
    const ctx = contextWidth ? randomTensor([2, 5, contextWidth], rng, 2) : x;
    const got = contextWidth ? att.applyWithContext(x, ctx, null, false) : att.apply(x, null, false);
    assert.deepEqual(got.shape, [2, 3, width]);
    const [qW, qb, kW, vW, vb, oW, ob] = att.params.map((p) => p.dataSync() as Float32Array);
    const expected = naiveAttention(x.arraySync() as number[][][], ctx.arraySync() as number[][][], {
      q: { W: qW!, b: qb! }, k: { W: kW!, b: new Float32Array(width) }, v: { W: vW!, b: vb! }, out: { W: oW!, b: ob! },
    }, width, heads);
    assert.ok(relativeError(got.dataSync(), expected) <= 1e-5, `relative error ${relativeError(got.dataSync(), expected)}`);
  }
  assert.throws(() => multiHeadAttentionLayer({ width: 6, heads: 4 }, rng, 'att-bad'), /split evenly into 4 heads/);
});

test('embedding gathers rows of its table for int32 and float ids', () => {
  const emb = embeddingLayer(5, 2, createRng(22), 'emb-fwd');
  const table = emb.params[0]!.arraySync() as number[][];
  const ids = [[4, 0, 4], [2, 2, 1]];
  const expected = ids.flat().flatMap((i) => table[i]!);
  for (const dtype of ['int32', 'float32'] as const) {
    const got = emb.apply(tf.tensor2d(ids, [2, 3], dtype), null, false);
    assert.deepEqual(got.shape, [2, 3, 2]);
    assert.deepEqual([...got.dataSync()], [...Float32Array.from(expected)]);
  }
});

// Per-example norms and clipped sums against brute force.

test('layer norm after a dense layer on sequences: norms and clipped sums match brute force', () => {
  const rng = createRng(30);
  const ln = layerNormLayer(6, 'pl-ln');
  randomise(ln.params, rng);
  const net = sequential([denseLayer(4, 6, rng, 'pl-d1'), ln, activationLayer('gelu'), flattenLayer(), denseLayer(30, 3, rng, 'pl-d2')]);
  const x = randomTensor([6, 5, 4], rng), y = labels(6, 3, rng);
  check(net, x, y, medianClip(net, x, y));
  check(net, x, y, 1e3); // none clipped
  // On flat [B, C] inputs as well.
  const ln2 = layerNormLayer(5, 'pl-ln2');
  randomise(ln2.params, rng);
  const flat = sequential([denseLayer(3, 5, rng, 'pl-d3'), ln2, activationLayer('tanh'), denseLayer(5, 2, rng, 'pl-d4')]);
  const xf = randomTensor([7, 3], rng), yf = labels(7, 2, rng);
  check(flat, xf, yf, medianClip(flat, xf, yf));
});

test('group norm after a conv and on sequences: norms and clipped sums match brute force', () => {
  const rng = createRng(31);
  const gn = groupNormLayer(6, 3, 'pg-gn');
  randomise(gn.params, rng);
  const net = sequential([
    conv2dLayer({ inChannels: 2, filters: 6, kernelSize: 3, padding: 'same' }, rng, 'pg-c'), gn, activationLayer('silu'),
    flattenLayer(), denseLayer(5 * 5 * 6, 3, rng, 'pg-d'),
  ]);
  const x = randomTensor([5, 5, 5, 2], rng), y = labels(5, 3, rng);
  check(net, x, y, medianClip(net, x, y));
  const gs = groupNormLayer(4, 2, 'pg-gs');
  randomise(gs.params, rng);
  const seq = sequential([denseLayer(3, 4, rng, 'pg-d1'), gs, activationLayer('relu'), flattenLayer(), denseLayer(16, 2, rng, 'pg-d2')]);
  const xs = randomTensor([6, 4, 3], rng), ys = labels(6, 2, rng);
  check(seq, xs, ys, medianClip(seq, xs, ys));
});

test('embedding → attention → dense with repeated token ids: norms and clipped sums match brute force', () => {
  const rng = createRng(32);
  const [B, T, vocab, width] = [6, 5, 7, 4];
  const net = sequential([
    embeddingLayer(vocab, width, rng, 'pa-e'), multiHeadAttentionLayer({ width, heads: 2 }, rng, 'pa-att'),
    layerNormLayer(width, 'pa-ln'), flattenLayer(), denseLayer(T * width, 3, rng, 'pa-d'),
  ]);
  // Every example repeats tokens (the embedding rule sums their gradients before squaring); the
  // last one is a single token throughout, and token 6 appears nowhere (its row gets zero).
  const ids = [[0, 1, 0, 2, 0], [3, 3, 1, 4, 5], [2, 5, 2, 5, 2], [1, 0, 3, 1, 4], [5, 4, 4, 0, 5], [2, 2, 2, 2, 2]];
  const y = labels(B, 3, rng);
  // int32 ids, float ids, and floats with fractions (gather truncates: 2.25 and 2 share a row).
  const fractional = ids.map((row) => row.map((id, t) => id + (t % 2) * 0.25));
  for (const x of [tf.tensor2d(ids, [B, T], 'int32'), tf.tensor2d(ids, [B, T]), tf.tensor2d(fractional, [B, T])]) {
    check(net, x, y, medianClip(net, x, y));
  }
  const got = clippedGradientSum(net, tf.tensor2d(ids, [B, T], 'int32'), y, softmaxCrossEntropy, 1);
  const table = got.sums.get(net.params[0]!)!;
  assert.equal(tf.sum(tf.abs(tf.slice(table, [6, 0], [1, width]))).dataSync()[0], 0);
  tf.dispose([...got.sums.values()]);
});

test('embedding norms alone (a frozen head, so the table is the only parameter) match brute force', () => {
  // In a larger network other layers dominate the norm and hide an error in the embedding's share.
  const rng = createRng(34);
  const emb = embeddingLayer(6, 3, rng, 'pe-e'), head = denseLayer(4 * 3, 3, rng, 'pe-d');
  const net: Network = {
    params: emb.params,
    apply: (x, trace, training) => head.apply(tf.reshape(emb.apply(x, trace, training), [x.shape[0]!, -1]), null, training),
  };
  const ids = [[1, 1, 1, 1], [0, 2, 0, 2], [5, 3, 4, 3], [2, 2, 4, 1], [0, 1, 2, 3]];
  const y = labels(5, 3, rng);
  const fractional = ids.map((row) => row.map((id, t) => id + (t % 2) * 0.5));
  for (const x of [tf.tensor2d(ids, [5, 4], 'int32'), tf.tensor2d(fractional, [5, 4])]) check(net, x, y, medianClip(net, x, y));
  // A pruning / dropping mask on the table.
  const mask = tf.tensor2d(Array.from({ length: 18 }, (_, i) => (i % 3 === 1 ? 0 : 1)), [6, 3]);
  const x = tf.tensor2d(ids, [5, 4], 'int32');
  check(net, x, y, medianClip(net, x, y), new Map([[emb.params[0]!, mask]]));
});

test('cross-attention to a per-example context: norms and clipped sums match brute force', () => {
  const rng = createRng(33);
  const [T, S, width, contextWidth] = [3, 4, 4, 5];
  const att = multiHeadAttentionLayer({ width, heads: 2, contextWidth, qkvBias: false }, rng, 'px-att');
  const toQuery = denseLayer(2, width, rng, 'px-q'), toContext = denseLayer(2, contextWidth, rng, 'px-c');
  const head = denseLayer(T * width, 2, rng, 'px-d');
  // Input [B, T + S, 2]: the first T positions are the sequence, the rest its context.
  const net: Network = {
    params: [...toQuery.params, ...toContext.params, ...att.params, ...head.params],
    apply(x, trace, training) {
      const B = x.shape[0]!;
      const seq = toQuery.apply(tf.slice(x, [0, 0, 0], [B, T, 2]), trace, training);
      const ctx = toContext.apply(tf.slice(x, [0, T, 0], [B, S, 2]), trace, training);
      const h = att.applyWithContext(seq, ctx, trace, training);
      return head.apply(tf.reshape(h, [B, -1]), trace, training);
    },
  };
  const x = randomTensor([6, T + S, 2], rng), y = labels(6, 2, rng);
  check(net, x, y, medianClip(net, x, y));
});
