// The minibatch loop both Q-FIT modes share: privkit's plain training loop (forEachMinibatch:
// shuffled epochs, progress after every step, an abort check between steps), over table rows.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { forEachMinibatch } from '../dpsgd/train.js';
import { asLabelledData, type TableData } from './types.js';

export interface LoopOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs `step(x, y)` (which returns the batch loss) on every batch of every epoch; returns the mean
 * loss of each epoch. `rng` only shuffles.
 */
export function runMinibatches(data: TableData, options: LoopOptions, rng: Rng, step: (x: tf.Tensor2D, y: tf.Tensor1D) => number): Promise<number[]> {
  return forEachMinibatch(asLabelledData(data, 0), {
    epochs: options.epochs, batchSize: options.batchSize, rng,
    ...(options.onProgress ? { onStep: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}),
  }, (x, y) => step(x as tf.Tensor2D, y));
}

/** One optimizer step on `vars`; returns the loss before the step. */
export function optimizerStep(optimizer: tf.Optimizer, loss: () => tf.Scalar, vars: tf.Variable[]): number {
  const cost = tf.tidy(() => optimizer.minimize(loss, true, vars) as tf.Scalar);
  const value = cost.dataSync()[0]!;
  cost.dispose();
  return value;
}

/** Checks the loop's numbers; throws one sentence naming the bad one. */
export function checkLoopOptions(o: { epochs: number; batchSize: number; learningRate: number; samples: number; prior: number; klWeight: number; inputScale: number }): void {
  const whole = (v: number, name: string) => { if (!Number.isInteger(v) || v < 1) throw new Error(`Q-FIT: ${name} must be a whole number >= 1, got ${v}.`); };
  const positive = (v: number, name: string) => { if (!(v > 0) || !Number.isFinite(v)) throw new Error(`Q-FIT: ${name} must be a positive number, got ${v}.`); };
  whole(o.epochs, 'epochs');
  whole(o.batchSize, 'batchSize');
  whole(o.samples, 'samples');
  positive(o.learningRate, 'learningRate');
  positive(o.prior, 'prior (the Dirichlet prior concentration a₀)');
  positive(o.inputScale, 'inputScale');
  if (!(o.klWeight >= 0) || !Number.isFinite(o.klWeight)) throw new Error(`Q-FIT: klWeight must be a number >= 0, got ${o.klWeight}.`);
}
