import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/engine/index.js';
import { quantizePixels, scaleToPixels } from '../../src/synth/images/quantize.js';

test('nearest rounding: the closest byte, clamped, NaN to 0', () => {
  const out = quantizePixels([0, 0.001, 0.5, 1, 1.5, -0.2, Number.NaN, 254.6 / 255], new Uint8Array(8), 'nearest', createRng(1));
  assert.deepEqual(Array.from(out), [0, 0, 128, 255, 255, 0, 0, 255]);
});

test('unbiased rounding: each byte is one of the two neighbours and its mean is the value', () => {
  const n = 200_000;
  for (const v of [0.0005, 0.3, 127.25 / 255, 0.999]) {
    const out = quantizePixels(new Float32Array(n).fill(v), new Uint8Array(n), 'unbiased', createRng(7));
    const lo = Math.floor(v * 255);
    let sum = 0;
    for (const b of out) { assert.ok(b === lo || b === lo + 1, `byte ${b} for ${v}`); sum += b; }
    const f = v * 255 - lo;
    // binomial standard error of the mean: √(f(1−f)/n) ≤ 0.0012; allow 5 of them
    assert.ok(Math.abs(sum / n - v * 255) < 5 * Math.sqrt(f * (1 - f) / n) + 1e-9, `mean ${sum / n} for ${v * 255}`);
  }
});

test('unbiased rounding keeps exact bytes and the ends exact', () => {
  const values = [0, 1, 3 / 255, 200 / 255, -1, 2];
  const out = quantizePixels(Float32Array.from(values), new Uint8Array(values.length), 'unbiased', createRng(3));
  // float32 of k/255 may sit a hair below k·(1/255): floor(x + u) can then give k − 1 only if
  // u < the float error, which the seeded draws here do not hit
  assert.deepEqual(Array.from(out), [0, 255, 3, 200, 0, 255]);
});

test('quantizePixels refuses a mismatched output buffer and an unknown rounding', () => {
  assert.throws(() => quantizePixels([0.5, 0.5], new Uint8Array(3), 'nearest', createRng(1)), /2 values for 3 bytes/);
  assert.throws(() => quantizePixels([0.5], new Uint8Array(1), 'floor' as 'nearest', createRng(1)), /byte rounding must be unbiased or nearest, got 'floor'/);
});

test('unrounded pixels: the value times 255, clamped to [0, 255], NaN to 0', () => {
  const out = scaleToPixels([0, 0.001, 0.5, 1, 1.5, -0.2, Number.NaN], new Float32Array(7));
  assert.deepEqual(Array.from(out), [0, Math.fround(0.255), 127.5, 255, 255, 0, 0]);
  assert.throws(() => scaleToPixels([0.5], new Float32Array(2)), /1 values for 2 pixels/);
});
