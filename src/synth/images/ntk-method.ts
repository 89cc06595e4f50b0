// DP-NTK for images (method card §4): one release of the class-conditional sums of normalised
// tangent features of an untrained Linear–ReLU–LayerNorm–Linear network, plus the class counts.
import { autodpGaussianSigma } from '../../privacy/index.js';
import { ntkTerm } from '../ntk-term.js';
import type { ImageGeometry, ImagePlan, NtkImageSettings } from './image-methods.js';

export function planNtkImages(g: ImageGeometry, s: NtkImageSettings, budget: { epsilon: number; delta: number }): ImagePlan {
  const term = ntkTerm({ inputDim: g.dim, width: s.width, classes: g.classes, seed: s.networkSeed });
  const noise = autodpGaussianSigma({ epsilon: budget.epsilon, delta: budget.delta, k: 2 });
  return {
    terms: [term],
    baseNoise: { classCounts: noise, terms: [noise] },
    schedule: () => [{ term: 0, weight: 1 }],
    training: s,
    settings: { ...s, parameters: term.dim },
    dispose: () => term.dispose(),
  };
}
