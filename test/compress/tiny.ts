// Small LeNets and synthetic 20×20 images for the compression tests.
import * as tf from '../../src/engine/tf.js';
import { createRng } from '../../src/engine/index.js';
import type { LabelledData } from '../../src/dpsgd/dataset.js';
import { trainNonPrivately } from '../../src/dpsgd/train.js';
import { buildClassifier, type Architecture, type Classifier } from '../../src/nn/models.js';

export const SIZE = 20;

/** A wider one for training-dependent tests (4-6-8-5 trains unreliably with dead units). */
export const SMALL_LENET: Architecture = { kind: 'lenet', inputShape: [SIZE, SIZE, 1], classes: 3, widths: [6, 8, 12, 6] };

/** LeNet on 20×20×1 with widths 4-6-8-5 and 3 classes (2×2 spatial positions before fc1). */
export const TINY_LENET: Architecture = { kind: 'lenet', inputShape: [SIZE, SIZE, 1], classes: 3, widths: [4, 6, 8, 5] };

/**
 * n images in [−1, 1]: a bright horizontal bar (class 0), vertical bar (class 1) or a diagonal
 * (class 2) at a random offset, on noise.
 */
export function barImages(n: number, seed: number): LabelledData {
  const rng = createRng(seed);
  const features = new Float32Array(n * SIZE * SIZE), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3, offset = 3 + rng.int(SIZE - 8);
    labels[i] = label;
    for (let r = 0; r < SIZE; r++) {
      for (let c = 0; c < SIZE; c++) {
        const on = label === 0 ? Math.abs(r - offset) <= 1 : label === 1 ? Math.abs(c - offset) <= 1 : Math.abs(r - c - offset + SIZE / 2) <= 1;
        features[(i * SIZE + r) * SIZE + c] = (on ? 0.8 : -0.8) + 0.4 * (rng.uniform() - 0.5);
      }
    }
  }
  return { features, exampleShape: [SIZE, SIZE, 1], labels, classes: 3 };
}

/**
 * A tiny LeNet trained for a few epochs on `data` (Adam 0.01). Units in `useless[l]` (per prunable
 * layer) get zero incoming weights, bias and outgoing weights first: a relu unit at exactly zero
 * has zero gradient, so they stay dead and disconnected through training.
 */
export async function trainedLenet(data: LabelledData, seed = 1, epochs = 4, useless: number[][] = [], architecture = TINY_LENET, lr = 0.01): Promise<Classifier> {
  const model = buildClassifier(architecture, seed);
  const linear = model.layers.filter((l) => l.params.length > 0);
  useless.forEach((units, l) => {
    if (units.length === 0) return;
    tf.tidy(() => {
      const [w, b] = linear[l]!.params, next = linear[l + 1]!.params[0]!;
      const width = b!.shape[0]!;
      const keep = tf.tensor1d(Array.from({ length: width }, (_, u) => (units.includes(u) ? 0 : 1)));
      w!.assign(tf.mul(w!, keep));
      b!.assign(tf.mul(b!, keep));
      // the next layer's input rows (conv: axis cin; dense after flatten: every position's row)
      const rows = next.shape.at(-2)!;
      const rowMask = tf.reshape(tf.tile(keep, [rows / width]), next.rank === 4 ? [1, 1, rows, 1] : [rows, 1]);
      next.assign(tf.mul(next, rowMask));
    });
  });
  const adam = tf.train.adam(lr);
  await trainNonPrivately(model, data, adam, { epochs, batchSize: 30, rng: createRng(seed) });
  adam.dispose();
  return model;
}

export function firstImages(data: LabelledData, n: number): tf.Tensor4D {
  return tf.tensor4d(data.features.subarray(0, n * SIZE * SIZE), [n, SIZE, SIZE, 1]);
}

export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = d.dataSync()[0]!;
  d.dispose();
  return v;
}

export function disposeModel(model: Classifier): void {
  model.params.forEach((p) => p.dispose());
}
