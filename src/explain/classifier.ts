// A small non-private classifier for tables, to be frozen and explained: the card's MLP
// D → 200 → 200 → classes, built by nn/models and trained by dpsgd's plain minibatch loop with Adam.
//
// Differences from the card (§3.2), on purpose: no BatchNorm, and a ReLU after the first layer.
// privkit's batch norm has no running statistics, so in evaluation it would still normalise by the
// batch it is given: a frozen classifier's output for one row would depend on the other rows and on
// the Dirichlet scaling of the whole batch, which is exactly what Q-FIT probes. Without BatchNorm the
// card's Linear → Linear (no nonlinearity between) collapses to one linear map, so the ReLU keeps two
// hidden layers. A classifier trained elsewhere (e.g. with DP-SGD, which refuses BatchNorm anyway)
// can be explained as well: Q-FIT only needs a FrozenClassifier.
import * as tf from '../engine/tf.js';
import { createRng } from '../engine/random/seeded-rng.js';
import { accuracy, trainNonPrivately } from '../dpsgd/train.js';
import { buildClassifier, type Classifier } from '../nn/models.js';
import { asLabelledData, checkTable, frozenClassifier, type FrozenClassifier, type TableData } from './types.js';

export interface TableClassifierOptions {
  readonly data: TableData;
  /** Number of classes (default: largest label + 1, at least 2). */
  readonly classes?: number;
  /** Hidden widths (default [200, 200], the card's). */
  readonly hidden?: readonly number[];
  /** Default 100. */
  readonly epochs?: number;
  /** Default 200. */
  readonly batchSize?: number;
  /** Adam's step size (default 1e-3). */
  readonly learningRate?: number;
  readonly seed: number;
  /** Called after every step with (steps done, steps in all). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface TableClassifier {
  readonly model: Classifier;
  /** The trained model as Q-FIT sees it. */
  readonly classify: FrozenClassifier;
  /** Fraction of rows whose highest logit is the label. */
  accuracy(data: TableData): number;
  /** Frees the weights. */
  dispose(): void;
}

export async function trainTableClassifier(options: TableClassifierOptions): Promise<TableClassifier> {
  const { data } = options;
  checkTable(data, 'The classifier training data');
  const classes = options.classes ?? Math.max(2, data.labels.reduce((m, y) => Math.max(m, y), 0) + 1);
  const model = buildClassifier({ kind: 'mlp', inputSize: data.featureCount, hidden: [...(options.hidden ?? [200, 200])], classes }, options.seed);
  const adam = tf.train.adam(options.learningRate ?? 1e-3);
  try {
    await trainNonPrivately(model, asLabelledData(data, classes), adam, {
      epochs: options.epochs ?? 100,
      batchSize: options.batchSize ?? 200,
      rng: createRng(options.seed).fork(), // apart from the initialisation stream
      ...(options.onProgress ? { onStep: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    model.params.forEach((p) => p.dispose());
    throw error;
  } finally {
    adam.dispose();
  }
  return {
    model,
    classify: frozenClassifier(model),
    accuracy: (d) => accuracy(model, asLabelledData(d, classes)),
    dispose: () => model.params.forEach((p) => p.dispose()),
  };
}
