// Gamma(shape, 1) draws from privkit's seeded generator, and their implicit reparameterisation
// gradient (Figurnov et al. 2018): for g = F⁻¹(u; φ) with u held fixed, ∂g/∂φ = −(∂F/∂φ)/p(g; φ).
// Draws are made and kept in log space: for shapes well below 1 a Gamma draw underflows to 0
// (P(g < 1e-308) ≈ 1e-3 at φ = 0.01), while ln g and the gradient of ln g stay finite.

import type { Rng } from '../engine/random/seeded-rng.js';
import { digamma, incompleteGammaParts } from './special.js';

function checkShape(shape: number): void {
  if (!(shape > 0) || !Number.isFinite(shape)) {
    throw new Error(`A Gamma shape must be a positive finite number, got ${shape}.`);
  }
}

/** ln of a Marsaglia–Tsang Gamma(shape ≥ 1, 1) draw. */
function logMarsagliaTsang(shape: number, rng: Rng): number {
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = rng.normal(); v = 1 + c * x; } while (v <= 0);
    const lnV = 3 * Math.log(v);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    // Cheap squeeze first; the exact test only for the few draws the squeeze cannot accept.
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + lnV)) return Math.log(d) + lnV;
  }
}

/**
 * ln g for g ∼ Gamma(shape, 1). Shapes below 1 use the boost Gamma(φ) = Gamma(φ + 1)·U^{1/φ}, whose
 * log, ln Gamma(φ + 1) + ln U / φ, cannot underflow.
 */
export function sampleLogGamma(shape: number, rng: Rng): number {
  checkShape(shape);
  if (shape >= 1) return logMarsagliaTsang(shape, rng);
  const lnG1 = logMarsagliaTsang(shape + 1, rng);
  return lnG1 + Math.log(1 - rng.uniform()) / shape; // 1 − u ∈ (0, 1]: never ln 0
}

/** g ∼ Gamma(shape, 1); may be 0 for shapes far below 1 (use `sampleLogGamma` then). */
export function sampleGamma(shape: number, rng: Rng): number {
  return Math.exp(sampleLogGamma(shape, rng));
}

/**
 * ∂ ln g/∂φ for a Gamma(φ, 1) draw g = e^{lnG}, the implicit reparameterisation gradient divided
 * by g. With F = P(φ, g) and p·g = e^{φ ln g − g − lnΓ(φ)}, the density cancels against the
 * prefactor of the incomplete gamma function (see `incompleteGammaParts`):
 *  - series form:   ∂ ln g/∂φ = −(S·(ln g − ψ(φ+1)) + S′)/φ,
 *  - fraction form: ∂ ln g/∂φ =   C·(ln g − ψ(φ))   + C′.
 */
export function gammaLogReparamGrad(shape: number, lnG: number): number {
  checkShape(shape);
  if (Number.isNaN(lnG)) return Number.NaN;
  const x = Math.exp(lnG);
  if (x === Infinity) return 0;
  const parts = incompleteGammaParts(shape, x);
  if (parts.form === 'series') return -(parts.value * (lnG - digamma(shape + 1)) + parts.dValue) / shape;
  return parts.value * (lnG - digamma(shape)) + parts.dValue;
}

/** ∂g/∂φ = −(∂P(φ, g)/∂φ)/p(g; φ) for a Gamma(φ, 1) draw g ≥ 0 (0 at g = 0, its limit). */
export function gammaReparamGrad(shape: number, g: number): number {
  if (g === 0) { checkShape(shape); return 0; }
  return g * gammaLogReparamGrad(shape, Math.log(g));
}
