// The image synthesizers: which embeddings each method releases, how its budget is split between
// them, and its generator-training schedule. Defaults follow the papers' image settings (method
// card §2.5, §3.4, §4.5), scaled where a CPU needs it (said where so).
import * as tf from '../../engine/tf.js';
import type { Rng } from '../../engine/random/seeded-rng.js';
import type { FeatureMap } from '../../features/feature-map.js';
import { hermiteRho } from '../../features/hermite.js';
import { hermiteFeaturesFast } from '../../features/hermite-fast.js';
import { drawFrequencies, fourierFeatures } from '../../features/random-fourier.js';
import { autodpGaussianSigma } from '../../privacy/index.js';
import { selectColumns } from '../column-features.js';
import { explicitTerm, hermiteSumTerm, type EmbeddingTerm, type MmdEstimator } from '../embedding-term.js';

export type ImageMethod = 'merf' | 'hp' | 'ntk' | 'mepf';

export interface TrainingSettings {
  epochs: number;
  stepsPerEpoch: number;
  /** Generated images per step: equal class blocks, or classes drawn from the released proportions (--class-draw random). */
  batchSize: number;
  learningRate: number;
  /** Learning rate factor after every epoch (StepLR). */
  decayPerEpoch: number;
  codeSize: number;
  /** Width of the generator's first dense layer. */
  hidden: number;
  /** How each generated batch estimates the distance to the released means (embedding-term.ts). */
  estimator: MmdEstimator;
}

export interface MerfImageSettings extends TrainingSettings {
  features: number;
  /** Kernel length scale on [0, 1] pixels; undefined: a private median of pair distances. */
  lengthScale?: number;
}

export type HpKernels = 'sum' | 'sum+product';
export const HP_KERNELS: readonly HpKernels[] = ['sum', 'sum+product'];

export interface HpImageSettings extends TrainingSettings {
  sumOrder: number;
  productOrder: number;
  /** Per-pixel Gaussian kernel σ² (pixels in [0, 1]). */
  kernelVariance: number;
  /** Pixels per product kernel (one fresh random subset per epoch, each released). */
  productPixels: number;
  /** Weight γ of the sum-kernel term (the product term has weight 1). */
  sumWeight: number;
  /** Share of ε for the class counts and the sum kernel (the rest: the per-epoch products). */
  sumShare: number;
  /**
   * 'sum' (default): release only the sum kernel (with the class counts) from the whole budget — how
   * the DP-HP paper's Fashion-MNIST/MNIST figures (Fig. 3) were produced. 'sum+product': also one
   * product kernel per epoch, the budget split by sumShare, as the later reference script does.
   */
  kernels: HpKernels;
  /**
   * Class counts' noise multiplier relative to the sum kernel's (counts need ~1% accuracy only).
   * Default: 5 with the sum kernel alone; 1 with product kernels, where the counts share the sum
   * kernel's part of ε (as privkit's earlier default did).
   */
  countNoiseFactor?: number;
}

export interface NtkImageSettings extends TrainingSettings {
  /** Hidden width of the untrained network whose tangent features are used. */
  width: number;
  /** Seed of that network's initialisation (public). */
  networkSeed: number;
}

export const DEFAULT_MERF_IMAGES: MerfImageSettings = {
  features: 10_000, epochs: 5, stepsPerEpoch: 600, batchSize: 100, learningRate: 0.01, decayPerEpoch: 0.9, codeSize: 5, hidden: 200, estimator: 'biased',
};
// DP-HP's FashionMNIST settings (σ² = 0.15, γ = 10, generator width 500) for every dataset: the
// MNIST ones (σ² = 0.005, γ = 20) were tuned by the authors per dataset, which privkit cannot do
// privately.
export const DEFAULT_HP_IMAGES: HpImageSettings = {
  sumOrder: 100, productOrder: 20, kernelVariance: 0.15, productPixels: 2, sumWeight: 10, sumShare: 0.8, kernels: 'sum',
  epochs: 10, stepsPerEpoch: 300, batchSize: 200, learningRate: 0.01, decayPerEpoch: 0.9, codeSize: 5, hidden: 500, estimator: 'biased',
};
/** The class counts' noise multiplier relative to the sum kernel's when none is set (see HpImageSettings). */
export const defaultCountNoiseFactor = (kernels: HpKernels): number => (kernels === 'sum' ? 5 : 1);
export const DEFAULT_NTK_IMAGES: NtkImageSettings = {
  width: 800, networkSeed: 1, epochs: 1, stepsPerEpoch: 2000, batchSize: 500, learningRate: 0.009, decayPerEpoch: 1, codeSize: 5, hidden: 200, estimator: 'biased',
};

export interface ImagePlan {
  terms: EmbeddingTerm[];
  /** Noise multipliers before the common calibration scale: class counts, then one per term. */
  baseNoise: { classCounts: number; terms: number[] };
  schedule: (step: number) => { term: number; weight: number }[];
  training: TrainingSettings;
  settings: Record<string, unknown>;
  dispose(): void;
}

export interface ImageGeometry { dim: number; classes: number }

/** Product-kernel features ⊗_j φ(x_{p_j}) over a few pixels (norm ≤ 1). */
export function pixelProductMap(dim: number, pixels: readonly number[], order: number, rho: number): FeatureMap {
  const width = order + 1;
  return {
    name: `Hermite product kernel over pixels ${pixels.join(', ')}`,
    dim: width ** pixels.length,
    features: (x) => tf.tidy(() => {
      const n = x.shape[0];
      const phi = hermiteFeaturesFast(selectColumns(x, Int32Array.from(pixels)), rho, order); // [n, p, K]
      let out = tf.reshape(tf.slice(phi, [0, 0, 0], [n, 1, width]), [n, width]);
      for (let j = 1; j < pixels.length; j++) {
        const next = tf.reshape(tf.slice(phi, [0, j, 0], [n, 1, width]), [n, 1, width]);
        out = tf.reshape(tf.mul(tf.reshape(out, [n, -1, 1]), next), [n, -1]);
      }
      return out as tf.Tensor2D;
    }),
  };
}

function drawPixels(dim: number, count: number, rng: Rng): number[] {
  const pool = Array.from({ length: dim }, (_, i) => i);
  const pick: number[] = [];
  for (let i = 0; i < Math.min(count, dim); i++) pick.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return pick.sort((a, b) => a - b);
}

export function planMerfImages(g: ImageGeometry, s: MerfImageSettings, lengthScale: number, budget: { epsilon: number; delta: number }, rng: Rng): ImagePlan {
  const omega = tf.tensor2d(drawFrequencies(g.dim, s.features, lengthScale, rng), [g.dim, s.features / 2]);
  const omegaT = tf.transpose(omega);
  const map: FeatureMap = {
    name: `random Fourier features (${s.features}, length scale ${lengthScale.toPrecision(4)})`,
    dim: s.features,
    features: (x) => fourierFeatures(x, omega, omegaT),
  };
  const noise = autodpGaussianSigma({ epsilon: budget.epsilon, delta: budget.delta, k: 2 });
  return {
    terms: [explicitTerm(map)],
    baseNoise: { classCounts: noise, terms: [noise] },
    schedule: () => [{ term: 0, weight: 1 }],
    training: s,
    settings: { ...s, lengthScale },
    dispose: () => tf.dispose([omega, omegaT]),
  };
}

export function planHpImages(g: ImageGeometry, s: HpImageSettings, budget: { epsilon: number; delta: number }, rng: Rng): ImagePlan {
  const rho = hermiteRho(s.kernelVariance);
  const sum = hermiteSumTerm({ dim: g.dim, order: s.sumOrder, rho });
  const sumOnly = s.kernels === 'sum';
  const subsets = sumOnly ? [] : Array.from({ length: s.epochs }, () => drawPixels(g.dim, s.productPixels, rng));
  const products = subsets.map((pixels) => explicitTerm(pixelProductMap(g.dim, pixels, s.productOrder, rho)));
  // The card's split: class counts + sum kernel (2 releases) at sumShare·ε, the per-epoch product
  // releases at the rest, each part at δ/2; the common scale then fits the whole to the ledger.
  const sumShare = sumOnly ? 1 : s.sumShare;
  const sumNoise = autodpGaussianSigma({ epsilon: sumShare * budget.epsilon, delta: sumOnly ? budget.delta : budget.delta / 2, k: 2 });
  const countNoiseFactor = s.countNoiseFactor ?? defaultCountNoiseFactor(s.kernels);
  const productNoise = sumOnly ? 0 : autodpGaussianSigma({ epsilon: (1 - s.sumShare) * budget.epsilon, delta: budget.delta / 2, k: products.length });
  return {
    terms: [sum, ...products],
    baseNoise: { classCounts: sumNoise * countNoiseFactor, terms: [sumNoise, ...products.map(() => productNoise)] },
    schedule: (step) => {
      if (products.length === 0) return [{ term: 0, weight: s.sumWeight }];
      const epoch = Math.min(products.length - 1, Math.floor(step / s.stepsPerEpoch));
      return [{ term: 0, weight: s.sumWeight }, { term: 1 + epoch, weight: 1 }];
    },
    training: s,
    settings: { ...s, countNoiseFactor, rho, productPixelSubsets: subsets },
    dispose: () => {},
  };
}
