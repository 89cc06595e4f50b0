// Draws synthetic rows from a trained generator and decodes them to table values.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import type { DecodedValue, Encoder } from '../data/index.js';
import { balancedClasses, drawLabels } from './train-generator.js';
import type { TabularGenerator } from './tabular-generator.js';

/** How many of `count` rows fall in each class, drawn from the released class proportions. */
export function drawClassCounts(count: number, proportions: Float64Array, rng: Rng): Int32Array {
  const counts = new Int32Array(proportions.length);
  for (const c of drawLabels(count, proportions, rng)) counts[c]!++;
  return counts;
}

/**
 * Rows (feature values in encoder schema order) with their classes. The generator's batch
 * normalisation uses batch statistics, so rows are generated in the same balanced batches as in
 * training, and each class keeps rows until its quota is met.
 */
export function* sampleRows(
  generator: TabularGenerator, encoder: Encoder, quota: Int32Array, batchSize: number, rng: Rng,
): Generator<{ values: DecodedValue[]; label: number }> {
  const width = encoder.width, classes = generator.shape.classes;
  const left = Int32Array.from(quota);
  const { y, perClass } = balancedClasses(batchSize, classes);
  try {
    while (left.some((n) => n > 0)) {
      const seed = (rng.nextUint32() % 2147483646) + 1;
      const matrix = tf.tidy(() => generator.generate(tf.randomNormal([perClass * classes, generator.shape.codeSize], 0, 1, 'float32', seed) as tf.Tensor2D, y));
      const values = matrix.dataSync() as Float32Array;
      matrix.dispose();
      // Interleave the classes so the output is not sorted by class.
      for (let i = 0; i < perClass; i++) {
        for (let c = 0; c < classes; c++) {
          if (left[c]! <= 0) continue;
          left[c]!--;
          yield { values: encoder.decodeRow(values, (c * perClass + i) * width, { sample: rng.uniform }), label: c };
        }
      }
    }
  } finally {
    y.dispose();
  }
}
