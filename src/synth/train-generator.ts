// Fits a class-conditional generator to released class-conditional mean embeddings by minimising
// Σ_terms w · Σ_c ‖μ̃_c − μ̂_c(generated)‖² on fresh generated batches. Touches no private data.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { eventLoopYielder } from '../engine/event-loop.js';
import type { TermLoss } from './embedding-term.js';
import { oneHotFloat } from './mean-embedding.js';

/** What training needs from a generator (tabular rows or images, flattened). */
export interface ConditionalGenerator {
  readonly codeSize: number;
  readonly classes: number;
  readonly variables: tf.Variable[];
  /** Samples [n, width] for codes [n, codeSize] and one-hot classes [n, classes]. */
  generate(code: tf.Tensor2D, classes: tf.Tensor2D): tf.Tensor2D;
}

export interface TrainOptions {
  generator: ConditionalGenerator;
  /** One loss per released embedding. */
  losses: readonly TermLoss[];
  /** Which terms (with weights) the loss uses at a step. */
  schedule: (step: number) => readonly { term: number; weight: number }[];
  steps: number;
  /** Generated rows per step (split evenly over the classes). */
  batchSize: number;
  /** Adam's learning rate at each step. */
  learningRate: (step: number) => number;
  rng: Rng;
  onStep?: (step: number, loss: number) => void;
  /** Checked between steps; true stops training early (Ctrl-C). */
  shouldStop?: () => boolean;
  /**
   * Released class proportions: each step then draws every row's class from them, as the papers'
   * code does, and uses each term's labelledLoss; without them, balanced class blocks.
   */
  randomClasses?: Float32Array;
}

/** Balanced one-hot classes for a batch: ⌈batch / classes⌉ rows of each class. */
export function balancedClasses(batchSize: number, classes: number): { y: tf.Tensor2D; perClass: number } {
  const perClass = Math.max(1, Math.ceil(batchSize / classes));
  const labels = Int32Array.from({ length: perClass * classes }, (_, i) => Math.floor(i / perClass));
  return { y: oneHotFloat(labels, classes), perClass };
}

/** Linear decay from `rate` to `rate · finalFraction` over `steps`. */
export function linearDecay(rate: number, finalFraction: number, steps: number): (step: number) => number {
  return (step) => rate * (1 - (1 - finalFraction) * (step / Math.max(1, steps - 1)));
}

/** Multiplies the rate by `gamma` after every `every` steps (PyTorch's StepLR). */
export function stepDecay(rate: number, gamma: number, every: number): (step: number) => number {
  return (step) => rate * gamma ** Math.floor(step / Math.max(1, every));
}

/** `rows` classes drawn independently from `proportions` (negative entries count as 0; need not sum to 1). */
export function drawLabels(rows: number, proportions: ArrayLike<number>, rng: Rng): Int32Array {
  const cumulative = new Float64Array(proportions.length);
  let total = 0;
  for (let c = 0; c < proportions.length; c++) { total += Math.max(0, proportions[c]!); cumulative[c] = total; }
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const u = rng.uniform() * total;
    let c = 0;
    while (c < cumulative.length - 1 && u >= cumulative[c]!) c++;
    labels[r] = c;
  }
  return labels;
}

export async function trainGenerator(opts: TrainOptions): Promise<number[]> {
  const { generator, losses: terms } = opts;
  const classes = generator.classes;
  const proportions = opts.randomClasses;
  // Balanced class blocks, built once; random draws build their labels per step instead.
  const { y, perClass } = proportions ? { y: null, perClass: 0 } : balancedClasses(opts.batchSize, classes);
  if (proportions && terms.some((t) => !t.labelledLoss)) throw new Error('Random class draws need every term to have a labelled loss.');
  const rows = proportions ? opts.batchSize : perClass * classes;
  const optimizer = tf.train.adam(opts.learningRate(0));
  const losses: number[] = [];
  // Ctrl-C's handler sets the flag shouldStop reads; it can only run when the loop yields.
  const yieldNow = eventLoopYielder();
  try {
    for (let step = 0; step < opts.steps; step++) {
      await yieldNow();
      if (opts.shouldStop?.()) break;
      const active = opts.schedule(step);
      // AdamOptimizer reads its (protected) learningRate on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = opts.learningRate(step);
      const seed = (opts.rng.nextUint32() % 2147483646) + 1; // tf's seeded normal ignores seed 0
      const lossTensor = optimizer.minimize(() => {
        const code = tf.randomNormal([rows, generator.codeSize], 0, 1, 'float32', seed) as tf.Tensor2D;
        const labels = proportions ? drawLabels(rows, proportions, opts.rng) : null;
        const x = generator.generate(code, labels ? oneHotFloat(labels, classes) : y!);
        let loss: tf.Scalar = tf.scalar(0);
        for (const { term, weight } of active) {
          const t = terms[term]!;
          loss = tf.add(loss, tf.mul(labels ? t.labelledLoss!(x, labels, proportions!) : t.loss(x, perClass), weight));
        }
        return loss;
      }, true, generator.variables);
      const value = lossTensor!.dataSync()[0]!;
      lossTensor!.dispose();
      losses.push(value);
      opts.onStep?.(step, value);
    }
  } finally {
    optimizer.dispose();
    y?.dispose();
  }
  return losses;
}
