import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine } from '../../src/engine/index.js';
import { perceptualTerms, type BoundedEmbeddingTerm } from '../../src/mepf/terms.js';
import { signSplitEncoder, tinyEncoder } from './tiny.js';

before(async () => { await initEngine(); });

/** The class-major class sums of a term over rows x with labels. */
function classSums(term: BoundedEmbeddingTerm, x: number[][], labels: number[], classes: number): Float64Array {
  const sums = new Float64Array(classes * term.dim);
  tf.tidy(() => term.accumulate(tf.tensor2d(x), Int32Array.from(labels), classes, sums));
  return sums;
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

test('first and second moments: sensitivity √2 for post-ReLU taps, 2 with the logits tap', () => {
  const encoder = tinyEncoder(1);
  const [m1, m2] = perceptualTerms(encoder, 2);
  assert.equal(m1!.sensitivity, Math.SQRT2);
  assert.equal(m2!.sensitivity, Math.SQRT2);
  const [withLogits, squared] = perceptualTerms(encoder, 2, { taps: ['relu1', 'logits'] });
  assert.equal(withLogits!.sensitivity, 2);
  assert.equal(squared!.sensitivity, Math.SQRT2, 'squares are non-negative whatever the taps');
  encoder.dispose();
});

test('replacing one image moves each released class sum by at most its sensitivity', () => {
  const encoder = tinyEncoder(3);
  const rng = createRng(17);
  const classes = 3, n = 6, dim = 64;
  const image = () => Array.from({ length: dim }, () => rng.uniform());
  const x = Array.from({ length: n }, image);
  const labels = Array.from({ length: n }, (_, i) => i % classes);
  const replacements: number[][] = [
    image(), new Array(dim).fill(0), new Array(dim).fill(1), new Array(dim).fill(1e30), new Array(dim).fill(-1e30),
    new Array(dim).fill(3e38), new Array(dim).fill(Number.NaN),
  ];
  for (const term of [...perceptualTerms(encoder, 2), ...perceptualTerms(encoder, 2, { taps: ['relu2', 'logits'] })]) {
    const base = classSums(term, x, labels, classes);
    let largest = 0;
    for (const [k, replacement] of replacements.entries()) {
      for (const newLabel of [labels[k % n]!, (labels[k % n]! + 1) % classes]) {
        const x2 = x.map((row, i) => (i === k % n ? replacement : row));
        const labels2 = labels.map((y, i) => (i === k % n ? newLabel : y));
        const moved = distance(base, classSums(term, x2, labels2, classes));
        largest = Math.max(largest, moved);
        assert.ok(moved <= term.sensitivity + 1e-4, `${term.name}: replacing row ${k % n} moved the sums by ${moved} > ${term.sensitivity}`);
      }
    }
    assert.ok(largest > 0.3, `${term.name}: the replacements do move the sums (${largest})`);
  }
  encoder.dispose();
});

test('the √2 bound is nearly attained: orthogonal features of a white and a black image', () => {
  const encoder = signSplitEncoder();
  const white = new Array(16).fill(1), black = new Array(16).fill(0), grey = new Array(16).fill(0.7);
  for (const term of perceptualTerms(encoder, 2)) {
    for (const [y, y2] of [[0, 0], [0, 1]]) {
      const before = classSums(term, [grey, white], [1, y!], 2);
      const after = classSums(term, [grey, black], [1, y2!], 2);
      const moved = distance(before, after);
      assert.ok(moved <= term.sensitivity + 1e-6 && moved > 0.999 * Math.SQRT2, `${term.name}, labels ${y}→${y2}: moved ${moved}`);
    }
  }
  encoder.dispose();
});
