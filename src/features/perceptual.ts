// DP-MEPF's perceptual features (method card §5.1–5.2): the activation maps of a frozen encoder,
// pre-trained on PUBLIC images, at chosen taps, flattened at full resolution, concatenated and
// rescaled to unit L2 norm per example. Built from tfjs ops, so the generator trains through it.
//
// Input: rows of [0, 1] pixels [n, h·w·c] — what the image pipeline feeds every map, real images
// (pixel/255) and generated ones (sigmoid outputs) alike. The encoder's preprocessing 2u − 1
// (= pixel/127.5 − 1, its pre-training scale) happens inside the map, so it is identical for real
// and generated images by construction (card pitfall P-MEPF-4; the reference's MNIST code fed real
// images in [−1, 1] and generated ones in [0, 1]).
//
// Sensitivities (replace-one: one image (x, y) becomes (x', y'); released quantities are the
// class-major class SUMS S[c] = Σ_{i: y_i = c} ψ(x_i); class counts are released separately, and
// the generator divides by the released counts, post-processing):
//   • y' = y: only row y changes, by ψ(x') − ψ(x); ‖ψ(x') − ψ(x)‖² = ‖ψ(x)‖² + ‖ψ(x')‖² − 2⟨ψ(x), ψ(x')⟩.
//   • y' ≠ y: row y loses ψ(x), row y' gains ψ(x'): change² = ‖ψ(x)‖² + ‖ψ(x')‖² ≤ 2.
//   With ‖ψ‖ ≤ 1 for every input:
//   – a ψ whose coordinates may take either sign (a `logits` tap): ⟨ψ(x), ψ(x')⟩ ≥ −1, so Δ = 2
//     (same label, ψ(x') = −ψ(x)); that is the shared core's default.
//   – a ψ whose coordinates are all ≥ 0: ⟨ψ(x), ψ(x')⟩ ≥ 0, so Δ = √2 in both cases. That holds for
//     the first moment when every tap is post-ReLU (`relu<k>`; the rescaling divides by a positive
//     number and non-finite rows become 0) and ALWAYS for the second moment, whose features are
//     squares. So the second moment's Δ = √2·c₂ (c₂ = 1 here) on the sums, i.e. √2·c₂/m on the
//     1/m-normalised means: the reference's c₂/m is √2 too small (card P-MEPF-2), confirmed.
//   Both bounds are attained: two inputs with disjoint activation supports (orthogonal ψ) give
//   exactly √2 (test/mepf/sensitivity.test.ts builds such an encoder).
//   The image synthesizer releases each term's sums with the term's stated sensitivity.
//   Float32: ψ is scaled by 1/margin with margin = 1 + 1e-6 + D·2⁻²⁴ (as explicitTerm), which covers
//   the rounding of the norm computed over D squares.
import * as tf from '../engine/tf.js';
import type { Encoder, EncoderTap } from '../mepf/encoder.js';
import { unitBallMargin, type FeatureMap } from './feature-map.js';

export type Moment = 1 | 2;

export interface PerceptualMap extends FeatureMap {
  readonly moment: Moment;
  readonly taps: readonly EncoderTap[];
  /** L2 change of the class-major class sums Σ ψ(x_i) ⊗ e_{y_i} when one (image, label) is replaced. */
  readonly sensitivity: number;
}

export interface PerceptualOptions {
  /** Default: every post-ReLU stage (`relu1` … `reluL`), the card's CPU-scale choice. */
  taps?: readonly EncoderTap[];
  /** 1: ψ = f/‖f‖; 2: ψ = (f ⊙ f)/‖f ⊙ f‖. */
  moment?: Moment;
}

/** Prepares [0, 1] pixel rows for the encoder (the one preprocessing both sides share). */
export function encoderInput(encoder: Encoder, x: tf.Tensor2D): tf.Tensor4D {
  const [h, w, c] = encoder.architecture.inputShape;
  if (x.shape[1] !== h * w * c) throw new Error(`The perceptual features expect rows of ${h}×${w}×${c} = ${h * w * c} pixels, got ${x.shape[1]}.`);
  return tf.sub(tf.mul(tf.reshape(x, [x.shape[0], h, w, c]), 2), 1) as tf.Tensor4D;
}

/**
 * Rows rescaled to norm ≤ 1/margin: first by their largest |value| (so squaring cannot overflow,
 * even for huge activations), then by their norm; an all-zero row stays zero and a row with a
 * non-finite value becomes zero. Mathematically f/‖f‖ (or h/‖h‖ with h = f ⊙ f), with that
 * function's gradient in closed form (unitRowsOp).
 */
export function unitRows(f: tf.Tensor2D, square = false): tf.Tensor2D {
  return zeroNonFiniteRows((square ? squaredUnitRows : plainUnitRows)(f));
}

const TINY = 1e-30;

/**
 * For ψ = u/margin with u = h/‖h‖: ∂L/∂h = (dy − u·⟨u, dy⟩)/(margin·‖h‖), rows with ‖h‖ = 0 getting
 * 0. The scale by the row's peak |f| cancels in ψ, so it carries no gradient; autodiff through it
 * spent half of a DP-MEPF generator step in the max-reduction's gradient (wasm Equal over [n, D]).
 * u is read back from the output ψ; `hNorm` is ‖h‖ in the caller's units.
 */
function unitRowsGradient(psi: tf.Tensor, hNorm: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  const margin = unitBallMargin(psi.shape[1]!), u = tf.mul(psi, margin);
  // 1/(margin·‖h‖) where ‖h‖ > 0, else 0 (a zero row stays zero; no 0·∞ downstream).
  const positive = tf.greater(hNorm, 0);
  const inverse = tf.where(positive, tf.div(1 / margin, tf.where(positive, hNorm, tf.onesLike(hNorm))), tf.zerosLike(hNorm));
  return tf.mul(tf.sub(dy, tf.mul(u, tf.sum(tf.mul(u, dy), 1, true))), inverse);
}

/**
 * f/‖f‖ (square: h/‖h‖ with h = f ⊙ f) as one op. With g = f/peak: plain, ‖f‖ = peak·‖g‖; squared,
 * ∂L/∂f = 2f ⊙ ∂L/∂h and ‖h‖ = peak²‖g ⊙ g‖, so ∂L/∂f = 2g ⊙ (dy − u⟨u, dy⟩)/(margin·peak·‖g ⊙ g‖):
 * in both cases the norm to divide by is ‖h(g)‖·peak, and peak² is never formed.
 */
function unitRowsOp(square: boolean): (f: tf.Tensor2D) => tf.Tensor2D {
  return tf.customGrad(((f: tf.Tensor, save: (tensors: tf.Tensor[]) => void) => {
    const peak = tf.maximum(tf.max(tf.abs(f), 1, true), TINY);
    const g = tf.div(f, peak);
    const h = square ? tf.square(g) : g;
    const norm = tf.sqrt(tf.sum(tf.square(h), 1, true));
    const value = tf.div(h, tf.mul(tf.maximum(norm, TINY), unitBallMargin(f.shape[1]!)));
    // The backward pass needs only ψ (u = ψ·margin), ‖h(f)‖ = ‖h(g)‖·peak and, squared, g.
    save(square ? [value, tf.mul(norm, peak), g] : [value, tf.mul(norm, peak)]);
    return {
      value,
      // tfjs runs a custom gradient outside the backward pass's per-op tidy: tidy it here, or its
      // [n, D] intermediates live until the whole backward pass ends.
      gradFunc: (dy: tf.Tensor, [psi, hNorm, gs]: tf.Tensor[]) => tf.tidy(() => {
        const dh = unitRowsGradient(psi!, hNorm!, dy);
        return square ? tf.mul(tf.mul(gs!, 2), dh) : dh;
      }),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (f: tf.Tensor2D) => tf.Tensor2D;
}

const plainUnitRows = unitRowsOp(false);
const squaredUnitRows = unitRowsOp(true);

/**
 * Rows holding a non-finite value become zero; the gradient passes through the kept rows. The
 * usual all-finite case returns the rows as they are (the masking costs ~1 s per 100 rows of 44k
 * features on the wasm backend), and the mask has a custom gradient (autodiff through the
 * isFinite/broadcast mask took ~20 s per row).
 */
function zeroNonFiniteRows(psi: tf.Tensor2D): tf.Tensor2D {
  const finite = tf.isFinite(tf.sum(psi, 1, true));
  if (tf.all(finite).dataSync()[0]) return psi;
  return maskRows(psi, finite);
}

const maskRows = tf.customGrad(((psi: tf.Tensor, finite: tf.Tensor, save: (tensors: tf.Tensor[]) => void) => {
  const keep = tf.broadcastTo(finite, psi.shape);
  save([keep]);
  return {
    value: tf.where(keep, psi, tf.zerosLike(psi)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.where(saved[0]!, dy, tf.zerosLike(dy)), tf.zeros(finite.shape, 'float32')],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (psi: tf.Tensor2D, finite: tf.Tensor) => tf.Tensor2D;

export function perceptualMap(encoder: Encoder, options: PerceptualOptions = {}): PerceptualMap {
  const taps = options.taps ?? encoder.taps.filter((t) => t !== 'logits');
  const moment = options.moment ?? 1;
  if (taps.length === 0) throw new Error('The perceptual features need at least one encoder tap.');
  const dim = taps.reduce((a, t) => a + encoder.tapShape(t).reduce((p, v) => p * v, 1), 0);
  const nonNegative = moment === 2 || taps.every((t) => t.startsWith('relu'));
  const [h, w, c] = encoder.architecture.inputShape;
  return {
    name: `perceptual features (${moment === 1 ? 'first' : 'second'} moment; encoder ${h}×${w}×${c}, taps ${taps.join('+')}; ${dim} features)`,
    dim, moment, taps,
    sensitivity: nonNegative ? Math.SQRT2 : 2,
    features: (x) => tf.tidy(() => {
      const n = x.shape[0];
      const acts = encoder.activations(encoderInput(encoder, x), taps);
      const f = acts.length === 1 ? tf.reshape(acts[0]!, [n, dim]) : tf.concat(acts.map((a) => tf.reshape(a, [n, -1])), 1);
      return unitRows(f as tf.Tensor2D, moment === 2);
    }),
  };
}
