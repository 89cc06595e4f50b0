import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { gammaLogReparamGrad, gammaReparamGrad, sampleGamma, sampleLogGamma } from '../../src/dirichlet/gamma-sample.js';
import { digamma, gammaLogDensity, gammaPDerivA, trigamma } from '../../src/dirichlet/special.js';
import { assertClose, assertMean, gammaQuantile, meanWithError, richardson } from './numeric.js';

const SHAPES = [0.05, 0.3, 1, 2.5, 10, 50];
const LEVELS = [1e-3, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999];

test('∂g/∂φ equals the derivative of the quantile g(φ) = F⁻¹(u; φ) at fixed u (the implicit function)', () => {
  for (const phi of SHAPES) {
    for (const u of LEVELS) {
      const g = gammaQuantile(phi, u);
      const h = 0.01 * Math.min(phi, Math.sqrt(phi));
      // Differentiate ln g(φ): for small φ, g ≈ (u·Γ(φ+1))^{1/φ} varies too fast for a difference of g.
      const fd = richardson((s) => Math.log(gammaQuantile(s, u)), phi, h);
      assertClose(gammaLogReparamGrad(phi, Math.log(g)), fd, 1e-8, 1e-12, `∂ln g/∂φ at φ = ${phi}, u = ${u}`);
      assertClose(gammaReparamGrad(phi, g), g * fd, 1e-8, 1e-300, `∂g/∂φ at φ = ${phi}, u = ${u}`);
      // The log-space form is the same quantity divided by g, and agrees with −(∂F/∂φ)/p done naively.
      const naive = -gammaPDerivA(phi, g) / Math.exp(gammaLogDensity(phi, g));
      assertClose(gammaLogReparamGrad(phi, Math.log(g)) * g, naive, 1e-12, 1e-300, `−(∂F/∂φ)/p at φ = ${phi}, u = ${u}`);
    }
  }
});

test('∂ln g/∂φ stays finite where g itself underflows, with the x → 0 limit −(ln g − ψ(φ + 1))/φ', () => {
  for (const phi of [1e-3, 0.01, 0.05]) {
    for (const lnG of [-800, -5000, -1e5]) {
      const got = gammaLogReparamGrad(phi, lnG);
      assert.ok(Number.isFinite(got) && got > 0, `finite positive at φ = ${phi}, ln g = ${lnG}`);
      assertClose(got, -(lnG - digamma(phi + 1)) / phi, 1e-15, 0, `limit at φ = ${phi}, ln g = ${lnG}`);
    }
  }
  assert.equal(gammaReparamGrad(0.01, 0), 0);
});

test('Gamma draws have mean φ and variance φ, and E[ln g] = ψ(φ), for shapes below and above 1', () => {
  const n = 20000;
  for (const phi of [0.01, ...SHAPES]) {
    const rng = createRng(1000 + phi * 100);
    const lnG = Float64Array.from({ length: n }, () => sampleLogGamma(phi, rng));
    assertMean(meanWithError(lnG), digamma(phi), `E[ln g], φ = ${phi}`);
    if (phi < 0.05) continue; // mean and variance of g are dominated by rare large draws there
    const g = lnG.map(Math.exp);
    const mean = meanWithError(g);
    assertMean(mean, phi, `E[g], φ = ${phi}`);
    assertMean(meanWithError(g.map((v) => (v - phi) ** 2)), phi, `Var[g], φ = ${phi}`);
  }
});

test('Monte Carlo: mean ∂g/∂φ ≈ dE[g]/dφ = 1, mean 2g∂g/∂φ ≈ dE[g²]/dφ = 2φ + 1, mean ∂ln g/∂φ ≈ ψ′(φ)', () => {
  const n = 20000;
  for (const phi of [0.01, ...SHAPES]) {
    const rng = createRng(77 + phi * 1000);
    const lnG = Float64Array.from({ length: n }, () => sampleLogGamma(phi, rng));
    const dLn = lnG.map((l) => gammaLogReparamGrad(phi, l));
    assertMean(meanWithError(dLn), trigamma(phi), `E[∂ln g/∂φ], φ = ${phi}`);
    if (phi < 0.05) continue;
    const g = lnG.map(Math.exp);
    const dg = g.map((v, i) => v * dLn[i]!);
    assertMean(meanWithError(dg), 1, `E[∂g/∂φ], φ = ${phi}`);
    assertMean(meanWithError(dg.map((v, i) => 2 * g[i]! * v)), 2 * phi + 1, `E[∂g²/∂φ], φ = ${phi}`);
  }
});

test('common random numbers: the difference of a Monte Carlo E[g²] at φ ± h matches the mean pathwise gradient', () => {
  const rng = createRng(5);
  const us = Array.from({ length: 200 }, () => (rng.uniform() + 1e-9) / (1 + 2e-9));
  for (const phi of [0.3, 2.5]) {
    const h = 1e-3 * phi;
    const estimate = (s: number): number => us.reduce((acc, u) => acc + gammaQuantile(s, u) ** 2, 0) / us.length;
    const fd = (estimate(phi + h) - estimate(phi - h)) / (2 * h);
    const pathwise = us.reduce((acc, u) => { const g = gammaQuantile(phi, u); return acc + 2 * g * gammaReparamGrad(phi, g); }, 0) / us.length;
    assertClose(pathwise, fd, 1e-5, 0, `CRN d/dφ E[g²] at φ = ${phi}`);
  }
});

test('draws are reproducible from the seed and reject invalid shapes', () => {
  const a = createRng(9), b = createRng(9);
  for (const phi of [0.2, 3]) for (let i = 0; i < 10; i++) assert.equal(sampleGamma(phi, a), sampleGamma(phi, b));
  assert.throws(() => sampleGamma(0, a), /positive finite/);
  assert.throws(() => sampleLogGamma(-1, a), /positive finite/);
  assert.throws(() => sampleGamma(Number.NaN, a), /positive finite/);
});
