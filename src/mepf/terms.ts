// DP-MEPF's released embeddings as terms of the shared mean-embedding core: the class-conditional
// first moment of the unit-norm perceptual features and, optionally, the second moment (squared
// features, renormalised to unit norm). Each is an explicit map, so explicitTerm serves both: it
// sums ψ(x) per class on the private side and matches the released class means on the generator
// side. Sensitivities are derived in src/features/perceptual.ts.
import { perceptualMap, type Moment, type PerceptualMap } from '../features/perceptual.js';
import type { EmbeddingTerm } from '../synth/embedding-term.js';
import { explicitTerm } from '../synth/embedding-term.js';
import type { Encoder, EncoderTap } from './encoder.js';
import type { ImagePlan, TrainingSettings } from '../synth/images/image-methods.js';

/** A term with the replace-one L2 sensitivity of its class-major class sums. */
export interface BoundedEmbeddingTerm extends EmbeddingTerm {
  readonly sensitivity: number;
  readonly map: PerceptualMap;
}

export function perceptualTerms(encoder: Encoder, moments: Moment, taps?: readonly EncoderTap[]): BoundedEmbeddingTerm[] {
  const wanted: Moment[] = moments === 2 ? [1, 2] : [1];
  return wanted.map((moment) => {
    const map = perceptualMap(encoder, { moment, ...(taps ? { taps } : {}) });
    return { ...explicitTerm(map), sensitivity: map.sensitivity, map };
  });
}

export interface MepfImageSettings extends TrainingSettings {
  /** 1: the first moment only; 2: first and second moments (two releases). */
  moments: Moment;
}

// Provisional (part 1): the card's MNIST settings (batch 100, ConvCondGen code 90 + one-hot → FC
// 500) with the plain matching loss; the moving-average update and tuned rates come with part 2.
export const DEFAULT_MEPF_IMAGES: MepfImageSettings = {
  moments: 1, epochs: 1, stepsPerEpoch: 2000, batchSize: 100, learningRate: 1e-3, decayPerEpoch: 1, codeSize: 90, hidden: 500,
};

/**
 * The image plan for `--method mepf`: the released terms and their relative noise (all equal: the
 * common calibration scale then fits class counts + moments to the budget). The encoder belongs to
 * the caller (the plan does not dispose it); its input shape must be the private images' shape.
 */
export function planMepfImages(g: { dim: number; classes: number }, s: MepfImageSettings, encoder: Encoder): ImagePlan & { terms: BoundedEmbeddingTerm[] } {
  const [h, w, c] = encoder.architecture.inputShape;
  if (h * w * c !== g.dim) throw new Error(`The encoder takes ${h}×${w}×${c} images, the private images have ${g.dim} pixels.`);
  const terms = perceptualTerms(encoder, s.moments);
  return {
    terms,
    baseNoise: { classCounts: 1, terms: terms.map(() => 1) },
    schedule: () => terms.map((_, term) => ({ term, weight: 1 })),
    training: s,
    settings: { ...s, features: terms[0]!.dim, taps: terms[0]!.map.taps, sensitivities: terms.map((t) => t.sensitivity), encoder: encoder.architecture },
    dispose: () => {},
  };
}
