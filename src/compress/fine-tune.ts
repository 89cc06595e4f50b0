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
}

export const FINE_TUNE_DEFAULTS: FineTuneSettings = { epochs: 5, batchSize: 100, learningRate: 1e-3, optimizer: 'adam' };

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
  };
  if (!Number.isInteger(settings.epochs) || settings.epochs < 0) throw new UserError(`The fine-tuning epochs must be a whole number >= 0, got ${settings.epochs}.`);
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1) throw new UserError(`The fine-tuning batch size must be a whole number >= 1, got ${settings.batchSize}.`);
  if (!(settings.learningRate > 0)) throw new UserError(`The fine-tuning learning rate must be > 0, got ${settings.learningRate}.`);
  if (settings.epochs === 0) return settings;
  const optimizer: tf.Optimizer = makeOptimizer(settings.optimizer, settings.learningRate);
  try {
    await trainNonPrivately(model, data, optimizer, {
      epochs: settings.epochs, batchSize: settings.batchSize, rng: createRng(options.seed),
      ...(options.onStep ? { onStep: options.onStep } : {}), ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    optimizer.dispose();
  }
  return settings;
}
