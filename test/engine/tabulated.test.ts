import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sumTabulated } from '../../src/engine/kernels/tabulated.js';

// f(x) = x² + x on 5 points (0, ¼, ½, ¾, 1), f′(x) = 2x + 1 (non-zero at 0, so a wrong boundary
// test shows): both read by linear interpolation between the points.
const points = [0, 0.25, 0.5, 0.75, 1];
const table = { values: Float64Array.from(points, (p) => p * p + p), derivatives: Float64Array.from(points, (p) => 2 * p + 1) };

test('a tabulated function is interpolated linearly, clipped to [0, 1], with zero slope outside', () => {
  const x = Float32Array.from([0, 0.25, 0.375, 1, -0.5, 1.5]);
  const slopes = new Float32Array(x.length);
  const total = sumTabulated(x, table, slopes, 0.5);
  // f(0) + f(¼) + (f(¼) + f(½))/2 + f(1) + f(0) + f(1)
  const expected = 0 + 0.3125 + (0.3125 + 0.75) / 2 + 2 + 0 + 2;
  assert.ok(Math.abs(total - expected) < 1e-12, `${total} vs ${expected}`);
  assert.deepEqual(Array.from(slopes), [0.5, 0.75, 0.875, 1.5, 0, 0]);
});

test('a NaN entry makes the sum and its slope NaN instead of disappearing', () => {
  const slopes = new Float32Array(2);
  assert.ok(Number.isNaN(sumTabulated(Float32Array.from([0.5, Number.NaN]), table, slopes, 1)));
  assert.equal(slopes[0], 2);
  assert.ok(Number.isNaN(slopes[1]!));
});
