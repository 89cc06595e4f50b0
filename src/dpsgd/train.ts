// Training loops over LabelledData: DP-SGD (Poisson batches, a fixed number of steps) and plain
// minibatch training (for public data and for non-private baselines).
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { shuffleInPlace } from '../engine/random/seeded-rng.js';
import { yieldToEventLoop } from '../engine/event-loop.js';
import { exampleCount, gatherBatch, type LabelledData } from './dataset.js';
import type { PrivateOptimizer } from './make-private.js';
import { softmaxCrossEntropy, type Network, type PerExampleLoss } from './network.js';

export interface LoopHooks {
  /** Called after every step with (steps done, steps in all). */
  onStep?: (done: number, total: number) => void;
  /** Checked between steps; training stops by throwing its reason. */
  signal?: AbortSignal;
}

/**
 * Between steps: lets the event loop run (so Ctrl-C handlers and abort timers fire during a long
 * synchronous computation), then stops if asked to.
 */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await yieldToEventLoop();
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('Training was interrupted.');
}

/** Runs every planned step of a private optimizer over `data` (its N must be data's size). */
export async function trainPrivately(data: LabelledData, opt: PrivateOptimizer, hooks: LoopHooks = {}): Promise<void> {
  for (let s = opt.stepsTaken(); s < opt.steps; s++) {
    await checkpoint(hooks.signal);
    const indices = opt.sampleBatch();
    const { x, y } = gatherBatch(data, indices);
    try {
      opt.step(x, y);
    } finally {
      x.dispose();
      y.dispose();
    }
    hooks.onStep?.(s + 1, opt.steps);
  }
}

export interface PlainTrainingOptions extends MinibatchOptions {
  readonly loss?: PerExampleLoss;
}

/** Shuffled epochs of minibatches, with the hooks; what any plain (non-private) training loop needs. */
export interface MinibatchOptions extends LoopHooks {
  readonly epochs: number;
  readonly batchSize: number;
  /** Only shuffles. */
  readonly rng: Rng;
}

/**
 * Calls `step(x, y)` on every minibatch of every shuffled epoch (tensors disposed afterwards).
 * Returns each epoch's mean of the numbers `step` returned (a step that returns nothing counts 0:
 * reading a loss back costs a sync, so only callers that want it pay for it).
 */
export async function forEachMinibatch(data: LabelledData, options: MinibatchOptions, step: (x: tf.Tensor, y: tf.Tensor1D) => number | void): Promise<number[]> {
  const n = exampleCount(data);
  const perEpoch = Math.ceil(n / options.batchSize);
  const total = perEpoch * options.epochs;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const means: number[] = [];
  let done = 0;
  for (let e = 0; e < options.epochs; e++) {
    shuffleInPlace(order, options.rng);
    let sum = 0;
    for (let start = 0; start < n; start += options.batchSize) {
      await checkpoint(options.signal);
      const { x, y } = gatherBatch(data, order.subarray(start, Math.min(n, start + options.batchSize)));
      try {
        sum += step(x, y) ?? 0;
      } finally {
        x.dispose();
        y.dispose();
      }
      options.onStep?.(++done, total);
    }
    means.push(sum / perEpoch);
  }
  return means;
}

/** Minibatch training on shuffled data, mean loss per batch (no privacy). */
export async function trainNonPrivately(model: Network, data: LabelledData, optimizer: tf.Optimizer, options: PlainTrainingOptions): Promise<void> {
  const loss = options.loss ?? softmaxCrossEntropy;
  await forEachMinibatch(data, options, (x, y) => {
    tf.tidy(() => {
      optimizer.minimize(() => tf.mean(loss(model.apply(x, null, true), y)) as tf.Scalar, false, [...model.params]);
    });
  });
}

/** Fraction of examples whose highest logit is the label. */
export function accuracy(model: Network, data: LabelledData, batchSize = 1000): number {
  const n = exampleCount(data);
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const idx = Int32Array.from({ length: Math.min(batchSize, n - start) }, (_, k) => start + k);
    const { x, y } = gatherBatch(data, idx);
    const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.apply(x, null, false), -1), y), 'int32')));
    correct += hits.dataSync()[0]!;
    tf.dispose([hits, x, y]);
  }
  return n === 0 ? NaN : correct / n;
}

/**
 * Mean gradient of the loss on a random public batch at the current parameters: the scores for
 * gradient dropping by public gradients (public data and earlier DP outputs only, so free).
 */
export function publicGradient(model: Network, publicData: LabelledData, batchSize: number, rng: Rng, loss: PerExampleLoss = softmaxCrossEntropy): () => Map<tf.Variable, Float32Array> {
  const n = exampleCount(publicData);
  return () => {
    const idx = Int32Array.from({ length: Math.min(batchSize, n) }, () => rng.int(n));
    const { x, y } = gatherBatch(publicData, idx);
    const { value, grads } = tf.variableGrads(() => tf.mean(loss(model.apply(x, null, true), y)) as tf.Scalar, [...model.params]);
    const out = new Map<tf.Variable, Float32Array>();
    for (const p of model.params) out.set(p, grads[p.name]!.dataSync() as Float32Array);
    tf.dispose([value, x, y, ...Object.values(grads)]);
    return out;
  };
}
