// Fits the generator to the released class-conditional mean embeddings by minimising
// Σ_terms w · Σ_c ‖μ̃_c − μ̂_c(generated)‖² on fresh generated batches. Touches no private data.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import type { FeatureMap } from '../features/feature-map.js';
import { oneHotFloat } from './mean-embedding.js';
import type { TabularGenerator } from './tabular-generator.js';

export interface TrainTerm {
  map: FeatureMap;
  /** Released class-conditional means, row-major [dim, classes]. */
  target: Float32Array;
}

export interface TrainOptions {
  generator: TabularGenerator;
  terms: readonly TrainTerm[];
  /** Which terms (with weights) the loss uses at a step. */
  schedule: (step: number) => readonly { term: number; weight: number }[];
  steps: number;
  /** Generated rows per step (split evenly over the classes). */
  batchSize: number;
  learningRate: number;
  /** Final learning rate as a fraction of the first, reached linearly (default 1: constant). */
  finalLearningRateFraction?: number;
  rng: Rng;
  onStep?: (step: number, loss: number) => void;
  /** Checked between steps; true stops training early (Ctrl-C). */
  shouldStop?: () => boolean;
}

/** Balanced one-hot classes for a batch: ⌈batch / classes⌉ rows of each class. */
export function balancedClasses(batchSize: number, classes: number): { y: tf.Tensor2D; perClass: number } {
  const perClass = Math.max(1, Math.ceil(batchSize / classes));
  const labels = Int32Array.from({ length: perClass * classes }, (_, i) => Math.floor(i / perClass));
  return { y: oneHotFloat(labels, classes), perClass };
}

export function trainGenerator(opts: TrainOptions): number[] {
  const { generator, terms } = opts;
  const classes = generator.shape.classes;
  const { y, perClass } = balancedClasses(opts.batchSize, classes);
  const rows = perClass * classes;
  // [classes, dim]: the class means below come out as yᵀ·f, which avoids transposing f.
  const targets = terms.map((t) => tf.tidy(() => tf.transpose(tf.tensor2d(t.target, [t.map.dim, classes]))));
  const optimizer = tf.train.adam(opts.learningRate);
  const losses: number[] = [];
  try {
    for (let step = 0; step < opts.steps; step++) {
      if (opts.shouldStop?.()) break;
      const active = opts.schedule(step);
      const fraction = opts.finalLearningRateFraction ?? 1;
      // AdamOptimizer reads its (protected) learningRate on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = opts.learningRate * (1 - (1 - fraction) * (step / Math.max(1, opts.steps - 1)));
      const seed = (opts.rng.nextUint32() % 2147483646) + 1; // tf's seeded normal ignores seed 0
      const lossTensor = optimizer.minimize(() => {
        const code = tf.randomNormal([rows, generator.shape.codeSize], 0, 1, 'float32', seed) as tf.Tensor2D;
        const x = generator.generate(code, y);
        let loss: tf.Scalar = tf.scalar(0);
        for (const { term, weight } of active) {
          const f = terms[term]!.map.features(x);
          // Rows come in class blocks (balancedClasses), so class means are one reshape + mean.
          const means = tf.mean(tf.reshape(f, [classes, perClass, -1]), 1);
          loss = tf.add(loss, tf.mul(tf.sum(tf.square(tf.sub(targets[term]!, means))), weight));
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
    tf.dispose([...targets, y]);
  }
  return losses;
}
