// Tilted moments against brute-force numerical integration.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussHermite, logisticTilted, mixtureTiltedMoments, naturalFromMoments, type Site } from '../../src/bayes/sep/index.js';

const normal = (x: number, m: number, v: number): number => Math.exp(-0.5 * (x - m) ** 2 / v) / Math.sqrt(2 * Math.PI * v);

describe('DP-SEP tilted moments', () => {
  it('mixture moment matching equals a 2-D grid integral of the tilted marginal (d = 2, K = 2)', () => {
    const s2 = 0.25, d = 2;
    // Cavity of component 1: correlated; of component 2: isotropic.
    const cav1 = { dim: d, mean: Float64Array.from([0.3, -0.2]), covariance: Float64Array.from([0.8, 0.3, 0.3, 0.5]) };
    const cav2 = { dim: d, mean: Float64Array.from([1.5, 1.0]), covariance: Float64Array.from([0.6, 0, 0, 0.6]) };
    const cavity: Site = [naturalFromMoments(cav1), naturalFromMoments(cav2)];
    const x = [0.9, 0.4];
    const got = mixtureTiltedMoments(cavity, x, { dim: d, components: 2, noiseVariance: s2 })!;
    // Brute force for μ₁: p̃(μ₁) ∝ q₁(μ₁)·[½N(x; μ₁, s²I) + ½ c₂], c₂ = ∫ q₂(μ₂) N(x; μ₂, s²I) dμ₂ = N(x; m₂, V₂ + s²I).
    const c2 = normal(x[0]!, 1.5, 0.6 + s2) * normal(x[1]!, 1.0, 0.6 + s2);
    const det = 0.8 * 0.5 - 0.09, P = [0.5 / det, -0.3 / det, -0.3 / det, 0.8 / det];
    const q1 = (a: number, b: number): number => {
      const u = a - 0.3, v = b + 0.2;
      return Math.exp(-0.5 * (P[0]! * u * u + 2 * P[1]! * u * v + P[3]! * v * v)) / (2 * Math.PI * Math.sqrt(det));
    };
    const n = 801, lo = -6, hi = 6, h = (hi - lo) / (n - 1);
    let Z = 0, m1 = 0, m2 = 0, s11 = 0, s12 = 0, s22 = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const a = lo + i * h, b = lo + j * h;
      const w = q1(a, b) * (0.5 * normal(x[0]!, a, s2) * normal(x[1]!, b, s2) + 0.5 * c2);
      Z += w; m1 += w * a; m2 += w * b; s11 += w * a * a; s12 += w * a * b; s22 += w * b * b;
    }
    m1 /= Z; m2 /= Z;
    const cov = [s11 / Z - m1 * m1, s12 / Z - m1 * m2, s12 / Z - m1 * m2, s22 / Z - m2 * m2];
    assert.ok(Math.abs(got[0]!.mean[0]! - m1) < 1e-7 && Math.abs(got[0]!.mean[1]! - m2) < 1e-7, `mean ${got[0]!.mean} vs ${m1}, ${m2}`);
    for (let k = 0; k < 4; k++) assert.ok(Math.abs(got[0]!.covariance[k]! - cov[k]!) < 1e-7, `cov[${k}] ${got[0]!.covariance[k]} vs ${cov[k]}`);
  });

  it('logistic tilted moments by adaptive Gauss–Hermite equal a fine trapezoid integral', () => {
    // [μ, v, y, nodes, tolerance of logZ and mean, relative tolerance of the variance]
    const cases: [number, number, number, number, number, number][] = [
      [0, 1, 1, 32, 1e-10, 1e-9], [2, 0.5, -1, 32, 1e-10, 1e-9], [1, 4, 1, 32, 1e-8, 1e-6], [8, 0.01, -1, 32, 1e-10, 1e-9],
      [-30, 4, 1, 32, 1e-10, 1e-9],
      // Wide cavities: the model switches to WIDE_CAVITY_NODES (150) above v = 4.
      [-5, 25, 1, 150, 1e-4, 1e-3], [0.3, 100, -1, 150, 1e-4, 1e-3],
    ];
    for (const [mu, v, y, nodes, tol, relVar] of cases) {
      const t = logisticTilted(mu, v, y, gaussHermite(nodes));
      const sd = Math.sqrt(v), n = 40001, lo = mu - 14 * sd, hi = mu + 14 * sd, h = (hi - lo) / (n - 1);
      let Z = 0, m = 0, s = 0;
      for (let i = 0; i < n; i++) {
        const a = lo + i * h, w = (i === 0 || i === n - 1 ? 0.5 : 1) * normal(a, mu, v) / (1 + Math.exp(-y * a));
        Z += w; m += w * a; s += w * a * a;
      }
      Z *= h; m = (m * h) / Z; s = (s * h) / Z - m * m;
      const where = `(μ = ${mu}, v = ${v}, y = ${y}, ${nodes} nodes)`;
      assert.ok(Math.abs(t.logZ - Math.log(Z)) < tol, `logZ ${where}: ${t.logZ} vs ${Math.log(Z)}`);
      assert.ok(Math.abs(t.mean - m) < tol * Math.max(1, sd), `mean ${where}: ${t.mean} vs ${m}`);
      assert.ok(Math.abs(t.variance - s) < relVar * s, `variance ${where}: ${t.variance} vs ${s}`);
    }
  });
});
