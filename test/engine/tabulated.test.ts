import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sumTabulated } from '../../src/engine/kernels/tabulated.js';

// f(x) = x² on 5 points (0, ¼, ½, ¾, 1): linear interpolation between them, f′ = 2x likewise.
const points = [0, 0.25, 0.5, 0.75, 1];
const table = { values: Float64Array.from(points, (p) => p * p), derivatives: Float64Array.from(points, (p) => 2 * p) };

test('a tabulated function is interpolated linearly, clipped to [0, 1], with zero slope outside', () => {
  const x = Float32Array.from([0.25, 0.375, 1, -0.5, 1.5]);
  const slopes = new Float32Array(x.length);
  const total = sumTabulated(x, table, slopes, 0.5);
  // 0.0625 + (0.0625 + 0.25)/2 + 1 + f(0) + f(1)
  assert.ok(Math.abs(total - (0.0625 + 0.15625 + 1 + 0 + 1)) < 1e-12, `${total}`);
  assert.deepEqual(Array.from(slopes), [0.25, 0.375, 1, 0, 0]);
});

test('a NaN entry makes the sum NaN instead of disappearing', () => {
  const slopes = new Float32Array(2);
  assert.ok(Number.isNaN(sumTabulated(Float32Array.from([0.5, Number.NaN]), table, slopes, 1)));
  assert.equal(slopes[1], 0);
});
