// Q-FIT global importance (card §3.2): one θ ∈ R^D, importance s ∼ Dir(φ), φ = softplus(θ), learnt by
// asking a frozen classifier f to keep classifying x ⊙ s:
//   L(θ) = (1/M) Σ_m CE(y, f(c · x ⊙ s^(m))) + klWeight · KL(Dir(φ) ‖ Dir(a₀·1)) / N,
// Adam on θ only. The point-estimate mode uses s = φ/Σφ (no sampling).
//
// Input scaling (card pitfall §3.7), one convention for both modes: the classifier sees c · x ⊙ s
// with c = `inputScale`, default 1, i.e. x ⊙ s unscaled, as the reference classifier sees it (its
// BatchNorm in eval mode does not undo the shrinkage). With Σs = 1 the mass is scarce: a feature
// only keeps its influence on f by taking mass from the others, so irrelevant features lose it.
// Rescaling by D (uniform s reproduces x) makes the uniform s an exact fit, and features whose effect
// depends on their size (orange skin: Σx² against a threshold) then need no more than 1/D each, so
// the spare mass lands anywhere and the ranking is not identified. Inputs should be centred so that
// 0 means "feature absent" (standardised tables, the synthetic sets).
import * as tf from '../engine/tf.js';
import { createRng, type Rng } from '../engine/random/seeded-rng.js';
import { softmaxCrossEntropy } from '../dpsgd/network.js';
import { dirichletKl, dirichletMean, dirichletSample, dirichletVariance, softplus } from '../dirichlet/index.js';
import { uniquePrefix, variableFrom } from '../nn/init.js';
import { checkLoopOptions, optimizerStep, runMinibatches } from './loop.js';
import { rankFeatures } from './metrics.js';
import { checkTable, type FrozenClassifier, type TableData } from './types.js';

/** φ floor for the KL term: float32 softplus underflows to 0 below θ ≈ −103, where the KL is undefined. */
export const MIN_CONCENTRATION = 1e-30;

/** θ₀ = −1e-10, so φ₀ = ln 2 for every feature (the card's initialisation). */
export const QFIT_THETA0 = -1e-10;

export interface QfitOptions {
  /** The classifier to explain; its weights are never changed. */
  readonly classifier: FrozenClassifier;
  /** Rows and the labels the classifier is asked to keep predicting (usually its training data). */
  readonly data: TableData;
  /**
   * The feature (0 … D−1) of each column of `data`: importance is over D features and s_j scales all
   * of feature j's columns (e.g. the one-hot code of a category). Default: one feature per column.
   */
  readonly groups?: Int32Array;
  /** 'sample' (default): s ∼ Dir(φ) with implicit-reparameterisation gradients; 'point': s = φ/Σφ. */
  readonly estimator?: 'sample' | 'point';
  /** Dirichlet draws M per step (global) or per row (local), default 10; ignored by 'point'. */
  readonly samples?: number;
  /** Concentration a₀ of the symmetric Dirichlet prior (default 0.01). */
  readonly prior?: number;
  /** Weight of the KL term (default 1; 0 drops it). */
  readonly klWeight?: number;
  /** Default 10. */
  readonly epochs?: number;
  /** Default 200. */
  readonly batchSize?: number;
  /** Adam's step size (default 0.01). */
  readonly learningRate?: number;
  /** c in f(c · x ⊙ s), default 1 (see the file comment). */
  readonly inputScale?: number;
  /** Seeds shuffling, Dirichlet draws and (local) the selector's initialisation. */
  readonly seed: number;
  /** Called after every step with (steps done, steps in all). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface ResolvedOptions {
  readonly estimator: 'sample' | 'point';
  readonly samples: number;
  readonly prior: number;
  readonly klWeight: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly inputScale: number;
}

export function resolveOptions(o: QfitOptions, defaults: Partial<ResolvedOptions> = {}): ResolvedOptions {
  checkTable(o.data, 'The Q-FIT data');
  const r: ResolvedOptions = {
    estimator: o.estimator ?? defaults.estimator ?? 'sample',
    samples: o.samples ?? defaults.samples ?? 10,
    prior: o.prior ?? defaults.prior ?? 0.01,
    klWeight: o.klWeight ?? defaults.klWeight ?? 1,
    epochs: o.epochs ?? defaults.epochs ?? 10,
    batchSize: o.batchSize ?? defaults.batchSize ?? 200,
    learningRate: o.learningRate ?? defaults.learningRate ?? 0.01,
    inputScale: o.inputScale ?? defaults.inputScale ?? 1,
  };
  if (r.estimator !== 'sample' && r.estimator !== 'point') throw new Error(`Q-FIT: estimator must be 'sample' or 'point', got ${String(r.estimator)}.`);
  checkLoopOptions(r);
  return r;
}

/** D and the column → feature map (null: one feature per column); checks the map. */
export function featureLayout(o: Pick<QfitOptions, 'data' | 'groups'>): { features: number; groups: Int32Array | null } {
  const width = o.data.featureCount;
  if (!o.groups) return { features: width, groups: null };
  if (o.groups.length !== width) throw new Error(`Q-FIT: groups has ${o.groups.length} entries for ${width} columns.`);
  const features = o.groups.reduce((m, g) => Math.max(m, g), -1) + 1;
  const seen = new Uint8Array(features);
  for (const g of o.groups) {
    if (!Number.isInteger(g) || g < 0) throw new Error(`Q-FIT: groups must hold feature indices >= 0, got ${g}.`);
    seen[g] = 1;
  }
  if (seen.includes(0)) throw new Error(`Q-FIT: feature ${seen.indexOf(0)} of ${features} has no column.`);
  return { features, groups: o.groups };
}

/** s [n, D] spread over the columns, [n, W] (unchanged without groups). */
export function perColumn(s: tf.Tensor2D, groups: Int32Array | null): tf.Tensor2D {
  return groups ? tf.gather(s, tf.tensor1d(groups, 'int32'), 1) as tf.Tensor2D : s;
}

/** The random streams of one run, each forked from the seed so that none disturbs another. */
export function qfitStreams(seed: number): { shuffle: Rng; dirichlet: Rng; init: Rng } {
  const root = createRng(seed);
  return { shuffle: root.fork(), dirichlet: root.fork(), init: root.fork() };
}

/** Mean classification loss: softmax CE, or sigmoid CE for a single-logit binary classifier. */
export function classifierLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  if (logits.shape[1] === 1) {
    // CE of σ(z) against y ∈ {0, 1}: softplus(z) − y·z.
    const z = tf.reshape(logits, [-1]);
    return tf.mean(tf.sub(tf.softplus(z), tf.mul(tf.cast(labels, 'float32'), z)));
  }
  return tf.mean(softmaxCrossEntropy(logits, labels));
}

/**
 * The classifier's loss on c · x ⊙ s. s [M, D] pairs every draw with every row (global mode),
 * s [B, D] goes row by row (local mode); labels are repeated to match.
 */
export function maskedLoss(classifier: FrozenClassifier, x: tf.Tensor2D, y: tf.Tensor1D, s: tf.Tensor2D, scale: number, pairEveryRow: boolean): tf.Scalar {
  const [b, d] = x.shape;
  const scaled = scale === 1 ? s : tf.mul(s, scale);
  if (!pairEveryRow) return classifierLoss(classifier(tf.mul(x, scaled)), y);
  const m = s.shape[0];
  // [M, 1, D] ⊙ [1, B, D] → draw-major rows [M·B, D]; the labels repeat the same way.
  const inputs = tf.reshape(tf.mul(tf.expandDims(scaled, 1), tf.expandDims(x, 0)), [m * b, d]) as tf.Tensor2D;
  return classifierLoss(classifier(inputs), m === 1 ? y : tf.tile(y, [m]));
}

/** What a global run learns. */
export interface GlobalImportance {
  /** E[s] = φ/Σφ, one value per feature (sums to 1). */
  readonly importance: Float64Array;
  /** Var(s_j) = p_j(1 − p_j)/(Σφ + 1): the confidence readout. */
  readonly variance: Float64Array;
  /** The learnt concentrations φ = softplus(θ). */
  readonly phi: Float64Array;
  readonly theta: Float32Array;
  /** Feature indices, most important first (ties: lower index first). */
  readonly ranking: Int32Array;
  /** Mean training loss of each epoch. */
  readonly lossPerEpoch: readonly number[];
}

/** Summarises concentrations φ as an importance distribution. */
export function importanceFromPhi(phi: ArrayLike<number>): Pick<GlobalImportance, 'importance' | 'variance' | 'phi' | 'ranking'> {
  const p = Float64Array.from(phi);
  const importance = dirichletMean(p);
  return { importance, variance: dirichletVariance(p), phi: p, ranking: rankFeatures(importance, p.length) };
}

/** Learns one global importance distribution Dir(φ) over the features of `data` for `classifier`. */
export async function qfitGlobal(options: QfitOptions): Promise<GlobalImportance> {
  const o = resolveOptions(options);
  const { data, classifier } = options;
  const { features: d, groups } = featureLayout(options);
  const n = data.labels.length;
  const streams = qfitStreams(options.seed);
  const theta = variableFrom(tf.fill([d], QFIT_THETA0), uniquePrefix('qfit-theta'));
  const adam = tf.train.adam(o.learningRate);
  try {
    const lossPerEpoch = await runMinibatches(data, { ...o, ...hooks(options) }, streams.shuffle, (x, y) => {
      return optimizerStep(adam, () => {
        const phi = tf.softplus(theta) as tf.Tensor1D;
        const s = o.estimator === 'point'
          ? tf.reshape(tf.div(phi, tf.sum(phi)), [1, d]) as tf.Tensor2D
          : dirichletSample(theta as tf.Tensor1D, streams.dirichlet, o.samples);
        const fit = maskedLoss(classifier, x, y, perColumn(s, groups), o.inputScale, true);
        return o.klWeight === 0 ? fit : tf.add(fit, tf.mul(dirichletKl(tf.maximum(phi, MIN_CONCENTRATION) as typeof phi, o.prior), o.klWeight / n)) as tf.Scalar;
      }, [theta]);
    });
    const th = Float32Array.from(theta.dataSync());
    return { ...importanceFromPhi(Float64Array.from(th, softplus)), theta: th, lossPerEpoch };
  } finally {
    theta.dispose();
    adam.dispose();
  }
}

/** The progress hooks of the options, without undefined entries. */
export function hooks(o: QfitOptions): { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } {
  return { ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}) };
}
