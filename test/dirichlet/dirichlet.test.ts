import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import {
  dirichletJacobian, dirichletMean, dirichletVariance, dirichletVjp, drawDirichlet, sampleDirichlet,
  sigmoid, softplus, softplusInverse, type DirichletDraw,
} from '../../src/dirichlet/dirichlet.js';
import { gammaLogReparamGrad } from '../../src/dirichlet/gamma-sample.js';
import { assertClose, assertMean, gammaQuantile, meanWithError, richardson } from './numeric.js';

test('softplus gives the card initial concentrations; σ is its derivative; the inverse round-trips', () => {
  assert.equal(softplus(-1e-10), 0.6931471805099453);
  assert.equal(softplus(-1), 0.31326168751822286);
  assert.equal(softplus(800), 800);
  for (const t of [-30, -3, -1, 0, 0.5, 4, 40]) {
    assertClose(sigmoid(t), richardson(softplus, t, 0.01), 1e-10, 1e-16, `σ(${t})`);
    assertClose(softplusInverse(softplus(t)), t, 1e-12, 1e-12, `softplus⁻¹(softplus(${t}))`);
  }
});

test('point-estimate mode φ/Σφ and the card component variances', () => {
  const p = dirichletMean([0.5, 1, 2]);
  [1 / 7, 2 / 7, 4 / 7].forEach((v, i) => assertClose(p[i]!, v, 1e-15, 0, `p[${i}]`));
  const v = dirichletVariance([0.5, 1, 2]);
  assertClose(v[0]!, 0.027210884353741496, 1e-14, 0, 'Var(s₀)');
  assertClose(v[1]!, 0.04535147, 0, 5e-9, 'Var(s₁)');
  assertClose(v[2]!, 0.05442177, 0, 5e-9, 'Var(s₂)');
  assert.throws(() => dirichletMean([1, 0]), /positive finite/);
  assert.throws(() => dirichletMean([]), /at least one/);
});

const PHI = [0.3, 1, 2.5, 0.05];

test('Monte Carlo: E[s] = φ/Σφ, Var(s) matches dirichletVariance, and samples lie on the simplex', () => {
  const rng = createRng(21);
  const n = 20000, d = PHI.length;
  const draws = Array.from({ length: n }, () => sampleDirichlet(PHI, rng));
  for (const s of draws.slice(0, 100)) {
    assert.ok(Math.abs(s.reduce((a, b) => a + b, 0) - 1) < 1e-12 && s.every((v) => v >= 0), 'on the simplex');
  }
  const mean = dirichletMean(PHI), variance = dirichletVariance(PHI);
  for (let j = 0; j < d; j++) {
    assertMean(meanWithError(draws.map((s) => s[j]!)), mean[j]!, `E[s_${j}]`);
    assertMean(meanWithError(draws.map((s) => (s[j]! - mean[j]!) ** 2)), variance[j]!, `Var(s_${j})`);
  }
});

test('Monte Carlo: mean ∂s/∂φ ≈ ∂(φ/Σφ)/∂φ, and mean ∂s_j²/∂φ ≈ ∂E[s_j²]/∂φ', () => {
  const rng = createRng(22);
  const n = 20000, d = PHI.length;
  const total = PHI.reduce((a, b) => a + b, 0);
  const jacobians = Array.from({ length: n }, () => dirichletJacobian(drawDirichlet(PHI, rng)));
  const secondMoment = (phi: number[], j: number): number => {
    const a = phi.reduce((x, y) => x + y, 0);
    return (phi[j]! * (phi[j]! + 1)) / (a * (a + 1));
  };
  const rng2 = createRng(23);
  const draws2 = Array.from({ length: n }, () => { const dr = drawDirichlet(PHI, rng2); return { s: dr.sample, J: dirichletJacobian(dr) }; });
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      const expected = ((j === k ? total : 0) - PHI[j]!) / (total * total);
      assertMean(meanWithError(jacobians.map((J) => J[j * d + k]!)), expected, `E[∂s_${j}/∂φ_${k}]`);
      const dSecond = richardson((t) => secondMoment(PHI.map((v, i) => (i === k ? t : v)), j), PHI[k]!, 1e-3);
      const pathwise = draws2.map(({ s, J }) => 2 * s[j]! * J[j * d + k]!);
      assertMean(meanWithError(pathwise), dSecond, `E[∂s_${j}²/∂φ_${k}]`);
    }
  }
});

/** A draw built from fixed uniforms via the Gamma quantile, so it is a smooth function of φ. */
function quantileDraw(phi: number[], us: number[]): DirichletDraw {
  const lnG = phi.map((p, k) => Math.log(gammaQuantile(p, us[k]!)));
  const m = Math.max(...lnG);
  const e = lnG.map((l) => Math.exp(l - m));
  const t = e.reduce((a, b) => a + b, 0);
  return {
    phi: Float64Array.from(phi), sample: Float64Array.from(e, (v) => v / t),
    dLogGamma: Float64Array.from(phi, (p, k) => gammaLogReparamGrad(p, lnG[k]!)),
  };
}

test('pathwise: the Jacobian matches differences of s(φ) at fixed uniforms; VJP = Jᵀdy; columns sum to 0', () => {
  const phi = [0.3, 1.7, 4, 0.8], us = [0.2, 0.9, 0.45, 0.6], dy = [0.3, -1.2, 2, 0.5];
  const d = phi.length;
  const draw = quantileDraw(phi, us);
  const jac = dirichletJacobian(draw);
  for (let k = 0; k < d; k++) {
    for (let j = 0; j < d; j++) {
      const fd = richardson((t) => quantileDraw(phi.map((v, i) => (i === k ? t : v)), us).sample[j]!, phi[k]!, 0.01 * phi[k]!);
      assertClose(jac[j * d + k]!, fd, 1e-7, 1e-12, `∂s_${j}/∂φ_${k}`);
    }
    let column = 0;
    for (let j = 0; j < d; j++) column += jac[j * d + k]!;
    assert.ok(Math.abs(column) < 1e-14, `column ${k} sums to 0`);
  }
  const vjp = dirichletVjp(draw, dy);
  for (let k = 0; k < d; k++) {
    let expected = 0;
    for (let j = 0; j < d; j++) expected += dy[j]! * jac[j * d + k]!;
    assertClose(vjp[k]!, expected, 1e-13, 1e-15, `vjp[${k}]`);
  }
});

test('tiny concentrations give exact zeros with finite zero gradients, never NaN', () => {
  const rng = createRng(3);
  let zeros = 0;
  for (let i = 0; i < 2000; i++) {
    const draw = drawDirichlet([1e-3, 1e-3, 5, 1e-2], rng);
    zeros += draw.sample.filter((v) => v === 0).length;
    const vjp = dirichletVjp(draw, [1, -1, 0.5, 2]);
    assert.ok(vjp.every(Number.isFinite) && draw.sample.every(Number.isFinite), 'finite');
  }
  assert.ok(zeros > 0, 'some components underflow to exactly 0');
});

test('draws follow the seed', () => {
  assert.deepEqual(sampleDirichlet(PHI, createRng(4)), sampleDirichlet(PHI, createRng(4)));
  assert.throws(() => drawDirichlet([1, -1], createRng(1)), /positive finite/);
});
