// makePrivate: turns a network and a tfjs optimizer into a DP-SGD optimizer. Each step takes a
// Poisson-sampled batch, clips every example's gradient to norm C (over the coordinates this step
// updates), adds N(0, σ²C²) to those coordinates only, divides by the expected batch size q·N (the
// realised size would leak the batch's cardinality) and applies the optimizer. The whole run is
// registered in the privacy ledger before the first step, so a budget overrun is refused up front.
import * as tf from '../engine/tf.js';
import { dpSgdEvent } from '../privacy/events.js';
import { epsilonForSubsampledGaussian, noiseMultiplierForTarget } from '../privacy/dp-sgd.js';
import type { Ledger } from '../privacy/ledger.js';
import { UserError } from '../errors.js';
import { clippedGradientSum } from './clipped-sum.js';
import type { GradientDropper } from './masks.js';
import { softmaxCrossEntropy, type Network, type PerExampleLoss } from './network.js';
import { addNoise, coordinatesPerStep } from './noise.js';
import { prefetchedNoise } from '../engine/random/noise-prefetch.js';
import type { ParamMasks } from './per-example/index.js';
import { poissonSample } from './poisson.js';

export interface MakePrivateOptions {
  readonly model: Network;
  readonly optimizer: tf.Optimizer;
  /** Clipping norm C (add/remove-one adjacency: the clipped sum's sensitivity is C). */
  readonly maxGradNorm: number;
  /** Give exactly one of noiseMultiplier and targetEpsilon. */
  readonly noiseMultiplier?: number;
  readonly targetEpsilon?: number;
  readonly delta: number;
  /** Poisson sampling rate q (expected batch size q·N). */
  readonly sampleRate: number;
  /** Passes over the data; the run has round(epochs / q) steps. */
  readonly epochs: number;
  /** Number of private records N (the Poisson coins are flipped for each). */
  readonly datasetSize: number;
  /**
   * The divisor of the noisy sum (default q·N). Pass a public value, e.g. the batch size the user
   * asked for, so the update does not depend on the exact private N.
   */
  readonly expectedBatchSize?: number;
  readonly loss?: PerExampleLoss;
  /** Pre-pruning: fixed masks of trainable coordinates (chosen without private data). */
  readonly prune?: ParamMasks;
  /** Gradient dropping: the coordinates updated at each step (chosen without private data). */
  readonly dropper?: GradientDropper;
  /** Where the run's privacy cost is recorded (and checked against the budget). */
  readonly ledger?: Ledger;
  readonly label?: string;
}

export interface PrivateOptimizer {
  readonly noiseMultiplier: number;
  readonly steps: number;
  readonly sampleRate: number;
  readonly maxGradNorm: number;
  /** ε of the whole planned run at δ (RDP accountant, Opacus orders, improved conversion). */
  readonly epsilon: number;
  readonly delta: number;
  /** Indices of the next Poisson batch. */
  sampleBatch(): Int32Array;
  /** One DP-SGD step on the examples of a batch drawn by sampleBatch. */
  step(x: tf.Tensor, target: tf.Tensor): void;
  stepsTaken(): number;
  /** Stops the noise worker (also stopped with the process). */
  close(): void;
  /** ε after the steps taken so far. */
  epsilonSpent(): number;
}

function resolveNoise(options: MakePrivateOptions, steps: number): number {
  const { noiseMultiplier, targetEpsilon } = options;
  if ((noiseMultiplier === undefined) === (targetEpsilon === undefined)) {
    throw new UserError('Give exactly one of a noise multiplier and a target ε.');
  }
  if (noiseMultiplier !== undefined) {
    if (!(noiseMultiplier > 0) || !Number.isFinite(noiseMultiplier)) throw new UserError(`The noise multiplier must be a finite number > 0, got ${noiseMultiplier}.`);
    return noiseMultiplier;
  }
  return noiseMultiplierForTarget({ epsilon: targetEpsilon!, delta: options.delta, samplingRate: options.sampleRate, steps }).noiseMultiplier;
}

/** Steps of a run: epochs / q, rounded (at least 1). */
export function plannedSteps(epochs: number, sampleRate: number): number {
  return Math.max(1, Math.round(epochs / sampleRate));
}

export function makePrivate(options: MakePrivateOptions): PrivateOptimizer {
  const { model, optimizer, maxGradNorm, delta, sampleRate, datasetSize } = options;
  if (!(sampleRate > 0 && sampleRate <= 1)) throw new UserError(`The sampling rate must be in (0, 1], got ${sampleRate}.`);
  if (!(options.epochs > 0)) throw new UserError(`The number of epochs must be > 0, got ${options.epochs}.`);
  if (!Number.isInteger(datasetSize) || datasetSize < 1) throw new UserError(`The dataset size must be a whole number >= 1, got ${datasetSize}.`);
  if (!(maxGradNorm > 0) || !Number.isFinite(maxGradNorm)) throw new UserError(`The clipping norm must be a finite number > 0, got ${maxGradNorm}.`);
  const mixing = model.layers?.find((l) => l.mixesExamples);
  if (mixing) throw new UserError(`The model has a ${mixing.spec?.type ?? 'batch-norm'} layer, which mixes the examples of a batch, so per-example clipping (and DP-SGD) is undefined; use group or layer norm instead.`);
  const steps = plannedSteps(options.epochs, sampleRate);
  const noiseMultiplier = resolveNoise(options, steps);
  const epsilon = epsilonForSubsampledGaussian({ noiseMultiplier, samplingRate: sampleRate, steps, delta }).epsilon;
  options.ledger?.register(options.label ?? 'DP-SGD training', dpSgdEvent(noiseMultiplier, sampleRate, steps), {
    maxGradNorm, sampleRate, steps, expectedBatchSize: options.expectedBatchSize ?? sampleRate * datasetSize,
  });
  const loss = options.loss ?? softmaxCrossEntropy;
  const prune: ParamMasks = options.prune ?? new Map();
  const expectedBatch = options.expectedBatchSize ?? sampleRate * datasetSize;
  const std = noiseMultiplier * maxGradNorm;
  let taken = 0;
  // Every step draws the same number of values, so a worker can draw the next step's while this one computes.
  const noiseSource = prefetchedNoise(coordinatesPerStep(model.params, prune, options.dropper?.rate ?? null));

  return {
    noiseMultiplier, steps, sampleRate, maxGradNorm, epsilon, delta,
    sampleBatch: () => poissonSample(datasetSize, sampleRate),
    step(x, target) {
      if (taken >= steps) throw new Error(`All ${steps} planned DP-SGD steps are spent; another step would exceed the accounted privacy cost.`);
      taken++;
      const stepMasks = options.dropper ? options.dropper.select(prune) : null;
      const masks: ParamMasks = stepMasks ?? prune;
      try {
        const { sums, norms } = clippedGradientSum(model, x, target, loss, maxGradNorm, masks);
        const noisy = addNoise(sums, masks, std, noiseSource);
        tf.dispose([...sums.values()]);
        const grads: tf.NamedTensorMap = {};
        for (const [param, value] of noisy) {
          grads[param.name] = tf.tidy(() => tf.div(value, expectedBatch));
          value.dispose();
        }
        void norms; // per-example norms stay here: how many examples were clipped is private
        if (stepMasks) {
          // Gradient dropping updates only the selected coordinates: without this, momentum or Adam
          // state would keep moving the others (private, as post-processing, but not the method).
          const before = new Map([...stepMasks.keys()].map((p) => [p, tf.clone(p)]));
          optimizer.applyGradients(grads);
          for (const [p, old] of before) {
            const kept = tf.tidy(() => tf.add(old, tf.mul(stepMasks.get(p)!, tf.sub(p, old))));
            p.assign(kept);
            tf.dispose([kept, old]); // assign shares the storage; the tensor object must go
          }
        } else {
          optimizer.applyGradients(grads);
        }
        tf.dispose(Object.values(grads));
      } finally {
        if (stepMasks) tf.dispose([...stepMasks.values()]);
      }
    },
    stepsTaken: () => taken,
    close: () => noiseSource.close(),
    epsilonSpent: () => (taken === 0 ? 0 : epsilonForSubsampledGaussian({ noiseMultiplier, samplingRate: sampleRate, steps: taken, delta }).epsilon),
  };
}
