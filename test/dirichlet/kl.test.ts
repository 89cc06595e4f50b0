import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { klDirichlet, klDirichletGradAlpha, klDirichletGradBeta } from '../../src/dirichlet/kl.js';
import { softplus } from '../../src/dirichlet/dirichlet.js';
import { assertClose, richardson } from './numeric.js';

const fill = (n: number, v: number): number[] => new Array<number>(n).fill(v);

test('KL values of the method card table', () => {
  const rows: [number[], number[] | number, number][] = [
    [[1, 2, 3], [1, 1, 1], 0.5511973816621554],
    [[0.5, 0.5], [2, 2], 1.2223937282822175],
    [[5, 1, 1, 1], [0.01, 0.01, 0.01, 0.01], 10.304639345308729],
    [[1, 2, 3], [2, 2, 2], 0.8068528194400547],
    [fill(10, softplus(-1)), fill(10, 2), 23.847594715166885],
    [fill(11, Math.LN2), fill(11, 0.01), 29.18024265812955],
    [fill(11, softplus(-1e-10)), 0.01, 29.18024265812955],
  ];
  for (const [alpha, beta, expected] of rows) {
    assertClose(klDirichlet(alpha, beta), expected, 1e-9, 0, `KL(${alpha} ‖ ${beta})`);
  }
  assert.equal(klDirichlet([10, 10], [10, 10]), 0);
});

test('the card gradient row: ∂KL/∂α for KL(Dir[1,2,3] ‖ Dir[2,2,2])', () => {
  const grad = klDirichletGradAlpha([1, 2, 3], 2);
  [-1.6449340668482266, 0, 0.39493406684822646].forEach((v, i) => assertClose(grad[i]!, v, 1e-9, 1e-15, `∂KL/∂α_${i}`));
});

test('KL(α ‖ α) = 0 with zero gradients; KL ≥ 0; a number β equals the symmetric vector', () => {
  const rng = createRng(8);
  for (let t = 0; t < 20; t++) {
    const d = 2 + rng.int(6);
    const a = Array.from({ length: d }, () => Math.exp(4 * rng.uniform() - 3));
    const b = Array.from({ length: d }, () => Math.exp(4 * rng.uniform() - 3));
    assert.ok(Math.abs(klDirichlet(a, a)) < 1e-12, 'KL(α ‖ α) = 0');
    assert.ok(klDirichletGradAlpha(a, a).every((g) => Math.abs(g) < 1e-12), '∂KL/∂α = 0 at α = β');
    assert.ok(klDirichletGradBeta(a, a).every((g) => Math.abs(g) < 1e-12), '∂KL/∂β = 0 at α = β');
    assert.ok(klDirichlet(a, b) >= 0, 'KL ≥ 0');
    assert.equal(klDirichlet(a, 0.7), klDirichlet(a, fill(d, 0.7)));
  }
  assert.throws(() => klDirichlet([1, 2], [1, 2, 3]), /one length/);
  assert.throws(() => klDirichlet([1, 0], 1), /positive finite/);
});

test('∂KL/∂α and ∂KL/∂β match Richardson differences, small concentrations included', () => {
  const cases: [number[], number[]][] = [
    [[1, 2, 3], [2, 2, 2]], [[0.05, 0.3, 4], [0.01, 0.01, 0.01]], [[5, 1, 1, 1], [0.01, 0.02, 0.5, 9]],
    [fill(10, softplus(-1)), fill(10, 2)], [[0.7, 40, 0.02], [3, 0.5, 1]],
  ];
  for (const [a, b] of cases) {
    const ga = klDirichletGradAlpha(a, b), gb = klDirichletGradBeta(a, b);
    for (let i = 0; i < a.length; i++) {
      const fa = richardson((t) => klDirichlet(a.map((v, k) => (k === i ? t : v)), b), a[i]!, 0.01 * a[i]!);
      const fb = richardson((t) => klDirichlet(a, b.map((v, k) => (k === i ? t : v))), b[i]!, 0.01 * b[i]!);
      assertClose(ga[i]!, fa, 1e-8, 1e-9, `∂KL/∂α_${i} for ${a} ‖ ${b}`);
      assertClose(gb[i]!, fb, 1e-8, 1e-9, `∂KL/∂β_${i} for ${a} ‖ ${b}`);
    }
  }
});
