// The minibatch loop both Q-FIT modes share: shuffled epochs, one optimizer step per batch, progress
// after every step, and an abort check between steps (after yielding to the event loop, so abort
// timers and Ctrl-C handlers get to run during a long synchronous computation).
import * as tf from '../engine/tf.js';
import { shuffleInPlace, type Rng } from '../engine/random/seeded-rng.js';
import { gatherBatch } from '../dpsgd/dataset.js';
import { asLabelledData, type TableData } from './types.js';

export interface LoopOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

async function betweenSteps(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('Q-FIT training was interrupted.');
}

/**
 * Runs `step(x, y)` (which returns the batch loss) on every batch of every epoch; returns the mean
 * loss of each epoch. `rng` only shuffles.
 */
export async function runMinibatches(data: TableData, options: LoopOptions, rng: Rng, step: (x: tf.Tensor2D, y: tf.Tensor1D) => number): Promise<number[]> {
  const n = data.labels.length;
  const perEpoch = Math.ceil(n / options.batchSize);
  const total = perEpoch * options.epochs;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const table = asLabelledData(data, 0);
  const losses: number[] = [];
  let done = 0;
  for (let e = 0; e < options.epochs; e++) {
    shuffleInPlace(order, rng);
    let sum = 0;
    for (let start = 0; start < n; start += options.batchSize) {
      await betweenSteps(options.signal);
      const { x, y } = gatherBatch(table, order.subarray(start, Math.min(n, start + options.batchSize)));
      try {
        sum += step(x as tf.Tensor2D, y);
      } finally {
        tf.dispose([x, y]);
      }
      options.onProgress?.(++done, total);
    }
    losses.push(sum / perEpoch);
  }
  return losses;
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
