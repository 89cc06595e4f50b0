// Fine-tuning a pruned network: privkit's plain (non-private) minibatch training, all weights free.
import type * as tf from '../engine/tf.js';
import { createRng } from '../engine/random/seeded-rng.js';
import type { LabelledData } from '../dpsgd/dataset.js';
import { trainNonPrivately } from '../dpsgd/train.js';
import { UserError } from '../errors.js';
import type { Classifier } from '../nn/models.js';
import { makeOptimizer, type OptimizerName } from '../train/train-classifier.js';

export interface FineTuneSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /**
   * Default Adam: the card's SGD with momentum 0.9 at 1e-3 relies on hundreds of epochs with early
   * stopping; Adam at 1e-3 recovers within the few epochs a CPU run affords. 'momentum' is the card's.
   */
  readonly optimizer: OptimizerName;
  /**
   * Epochs after the main ones at a tenth of the learning rate (a fresh optimizer). Default 3:
   * on a validation split of the Fashion-MNIST training images (never the test set) 5 + 3 epochs
   * recovered 0.4–1.0 points more than 5 or 10 epochs at the full rate (BENCHMARKS.md, compress).
   */
  readonly decayEpochs: number;
}

export const FINE_TUNE_DEFAULTS: FineTuneSettings = { epochs: 5, batchSize: 100, learningRate: 1e-3, optimizer: 'adam', decayEpochs: 3 };

export interface FineTuneOptions extends Partial<FineTuneSettings> {
  readonly seed: number;
  readonly onStep?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Trains every weight of `model` in place on `data`. */
export async function fineTune(model: Classifier, data: LabelledData, options: FineTuneOptions): Promise<FineTuneSettings> {
  const settings: FineTuneSettings = {
    epochs: options.epochs ?? FINE_TUNE_DEFAULTS.epochs,
    batchSize: options.batchSize ?? FINE_TUNE_DEFAULTS.batchSize,
    learningRate: options.learningRate ?? FINE_TUNE_DEFAULTS.learningRate,
    optimizer: options.optimizer ?? FINE_TUNE_DEFAULTS.optimizer,
    decayEpochs: options.decayEpochs ?? FINE_TUNE_DEFAULTS.decayEpochs,
  };
  if (!Number.isInteger(settings.epochs) || settings.epochs < 0) throw new UserError(`The fine-tuning epochs must be a whole number >= 0, got ${settings.epochs}.`);
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1) throw new UserError(`The fine-tuning batch size must be a whole number >= 1, got ${settings.batchSize}.`);
  if (!(settings.learningRate > 0)) throw new UserError(`The fine-tuning learning rate must be > 0, got ${settings.learningRate}.`);
  if (!Number.isInteger(settings.decayEpochs) || settings.decayEpochs < 0) throw new UserError(`The fine-tuning decay epochs must be a whole number >= 0, got ${settings.decayEpochs}.`);
  if (settings.epochs === 0) return settings;
  const rng = createRng(options.seed);
  const steps = (epochs: number) => epochs * Math.ceil(data.labels.length / settings.batchSize);
  const total = steps(settings.epochs) + steps(settings.decayEpochs);
  for (const [epochs, learningRate, before] of [[settings.epochs, settings.learningRate, 0], [settings.decayEpochs, settings.learningRate / 10, steps(settings.epochs)]] as const) {
    if (epochs === 0) continue;
    const optimizer: tf.Optimizer = makeOptimizer(settings.optimizer, learningRate);
    try {
      await trainNonPrivately(model, data, optimizer, {
        epochs, batchSize: settings.batchSize, rng,
        ...(options.onStep ? { onStep: (done: number) => options.onStep!(before + done, total) } : {}), ...(options.signal ? { signal: options.signal } : {}),
      });
    } finally {
      optimizer.dispose();
    }
  }
  return settings;
}
