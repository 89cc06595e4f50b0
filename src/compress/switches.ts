// Dirichlet switches (method card §2.2): for one prunable layer with C units, learn
// φ = softplus(θ) so that multiplying the layer's pre-activation output by the switch keeps the
// frozen network accurate. Loss per batch of B examples:
//   mean_i −log( (1/M) Σ_m p(y_i | x_i; s_m) ) + klWeight · KL(Dir(φ) ‖ Dir(a₀·1)) / B,
// s_m ∼ Dir(φ) (or s = φ/Σφ in point mode). The loop is the plain training loop of
// src/dpsgd/train.ts with θ as the only variable.
//
// Scale convention (the card's "scale shift" pitfall), a setting:
//  - 'simplex' (default, the card's algorithm): out ← s ⊙ out. At the uniform switch every unit
//    runs at 1/C of its trained scale, so the loss rewards moving mass onto the units whose
//    amplification helps: that is where the ranking signal comes from.
//  - 'units': out ← C·s ⊙ out, so the uniform switch reproduces the trained network exactly. But
//    a trained network sits near a stationary point in its unit scales, so the first-order signal
//    vanishes and, with sampled switches, the spread of sparse draws dominates: on our test
//    network (units disconnected by hand) it gave the useless units the HIGHEST φ at every θ₀ we
//    tried (−1 to 2); point mode ranked them lowest. Kept for comparison; check before ranking with it.
import * as tf from '../engine/tf.js';
import { createRng, type Rng } from '../engine/random/seeded-rng.js';
import { dirichletKl, dirichletMean, dirichletSample } from '../dirichlet/index.js';
import type { LabelledData } from '../dpsgd/dataset.js';
import { softmaxCrossEntropy, type Network } from '../dpsgd/network.js';
import { trainNonPrivately } from '../dpsgd/train.js';
import { UserError } from '../errors.js';
import { uniquePrefix, variableFrom } from '../nn/init.js';
import type { Classifier } from '../nn/models.js';
import { prunableLayer, type PrunableLayer } from './family.js';
import { logMeanProbabilities, scaledLogits } from './scaled-forward.js';

/** 'sampled': s ∼ Dir(φ), M draws per step; 'point': s = φ/Σφ (no sampling). */
export type SwitchMode = 'sampled' | 'point';

/** How the switch multiplies the layer: s ('simplex', the card's) or C·s ('units'); see above. */
export type SwitchScale = 'simplex' | 'units';

export interface SwitchSettings {
  readonly epochs: number;
  readonly batchSize: number;
  /** Dirichlet draws M per step (sampled mode). */
  readonly samples: number;
  readonly mode: SwitchMode;
  /** Symmetric prior concentration a₀. */
  readonly prior: number;
  /** Initial θ for every unit (φ = softplus(θ)). */
  readonly thetaInit: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /**
   * Weight of the KL term (divided by the batch size, as the card writes it). Default 0, as the
   * reference code in effect (its annealing keeps β ≈ 0, card §2.4); 1 is the stated ELBO. At 1 the
   * KL gradient (≈ 0.2 per unit at θ₀ = −1, a₀ = 2, B = 100) outweighs the cross-entropy's and
   * pulls every φ towards a₀, which flattened the ranking on our test network.
   */
  readonly klWeight: number;
  readonly scale: SwitchScale;
}

/** The card's LeNet settings (a₀ = 2, θ₀ = −1, Adam 1e-3, batch 100, β ≈ 0), with M = 10 and one epoch for CPU scale. */
export const SWITCH_DEFAULTS: SwitchSettings = {
  epochs: 1, batchSize: 100, samples: 10, mode: 'sampled', prior: 2, thetaInit: -1, learningRate: 1e-3, klWeight: 0, scale: 'simplex',
};

export interface SwitchOptions extends Partial<SwitchSettings> {
  /** Index of the prunable layer (0 = first conv). */
  readonly layer: number;
  readonly seed: number;
  readonly onStep?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface SwitchResult {
  readonly layer: number;
  readonly name: string;
  readonly settings: SwitchSettings;
  /** Learned concentrations φ = softplus(θ), one per unit. */
  readonly phi: number[];
  /** Posterior mean φ/Σφ. */
  readonly mean: number[];
}

function checkSettings(s: SwitchSettings): void {
  const whole = (v: number, name: string) => { if (!Number.isInteger(v) || v < 1) throw new UserError(`${name} must be a whole number >= 1, got ${v}.`); };
  whole(s.epochs, 'The switch epochs'); whole(s.batchSize, 'The switch batch size'); whole(s.samples, 'The number of Dirichlet samples');
  if (!(s.prior > 0) || !Number.isFinite(s.prior)) throw new UserError(`The Dirichlet prior a₀ must be a positive number, got ${s.prior}.`);
  if (!(s.learningRate > 0)) throw new UserError(`The switch learning rate must be > 0, got ${s.learningRate}.`);
  if (!(s.klWeight >= 0)) throw new UserError(`The KL weight must be >= 0, got ${s.klWeight}.`);
  if (s.mode !== 'sampled' && s.mode !== 'point') throw new UserError(`The switch mode must be 'sampled' or 'point', got ${String(s.mode)}.`);
  if (s.scale !== 'simplex' && s.scale !== 'units') throw new UserError(`The switch scale must be 'simplex' or 'units', got ${String(s.scale)}.`);
  if (!Number.isFinite(s.thetaInit)) throw new UserError(`The initial θ must be a finite number, got ${s.thetaInit}.`);
}

/** The switch multipliers [M, C] (s or C·s) for the current θ (a tfjs op, differentiable in θ). */
export function switchScale(theta: tf.Variable, settings: SwitchSettings, rng: Rng): tf.Tensor2D {
  const units = theta.shape[0]!;
  const point = () => { const phi = tf.softplus(theta); return tf.reshape(tf.div(phi, tf.sum(phi)), [1, units]) as tf.Tensor2D; };
  const s = settings.mode === 'point' ? point() : dirichletSample(theta as tf.Tensor1D, rng, settings.samples);
  return settings.scale === 'units' ? tf.mul(s, units) : s;
}

/** Trains the switches of one prunable layer of a frozen model (its weights are not changed). */
export async function trainSwitches(model: Classifier, data: LabelledData, options: SwitchOptions): Promise<SwitchResult> {
  const settings: SwitchSettings = { ...SWITCH_DEFAULTS, ...definedOnly(options) };
  checkSettings(settings);
  const layer: PrunableLayer = prunableLayer(model, options.layer);
  const rng = createRng(options.seed);
  const sampleRng = rng.fork();
  const theta = variableFrom(tf.fill([layer.units], settings.thetaInit), `${uniquePrefix('switch')}/${layer.name}`);
  // θ is the network's only parameter; its output is log p̄, for which the usual softmax
  // cross-entropy is −log p̄_y exactly (p̄ sums to one), plus the KL spread over the batch.
  const switched: Network = {
    params: [theta],
    apply: (x) => logMeanProbabilities(scaledLogits(model, layer, x, switchScale(theta, settings, sampleRng))),
  };
  const loss = (out: tf.Tensor, y: tf.Tensor): tf.Tensor1D => {
    const ce = softmaxCrossEntropy(out, y);
    if (settings.klWeight === 0) return ce;
    const kl = dirichletKl(tf.softplus(theta) as tf.Tensor1D, settings.prior);
    return tf.add(ce, tf.mul(kl, settings.klWeight / out.shape[0]!)) as tf.Tensor1D;
  };
  const optimizer = tf.train.adam(settings.learningRate);
  try {
    await trainNonPrivately(switched, data, optimizer, {
      epochs: settings.epochs, batchSize: settings.batchSize, rng, loss,
      ...(options.onStep ? { onStep: options.onStep } : {}), ...(options.signal ? { signal: options.signal } : {}),
    });
    const phiTensor = tf.softplus(theta);
    const phi = Array.from(phiTensor.dataSync());
    phiTensor.dispose();
    return { layer: layer.index, name: layer.name, settings, phi, mean: Array.from(dirichletMean(phi)) };
  } finally {
    optimizer.dispose();
    theta.dispose();
  }
}

/** The options that were given (undefined would otherwise override a default). */
function definedOnly(options: Partial<SwitchSettings>): Partial<SwitchSettings> {
  const keys: (keyof SwitchSettings)[] = ['scale', 'epochs', 'batchSize', 'samples', 'mode', 'prior', 'thetaInit', 'learningRate', 'klWeight'];
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])) as Partial<SwitchSettings>;
}
