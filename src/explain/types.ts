// The shapes Q-FIT works on: tabular rows already encoded as numbers, and a frozen classifier seen
// only through its logits, so a caller can explain any model it trained (e.g. with DP-SGD).
import type * as tf from '../engine/tf.js';
import type { LabelledData } from '../dpsgd/dataset.js';

/** Rows encoded as numbers, row-major: row i is features[i·featureCount … (i+1)·featureCount). */
export interface TableData {
  readonly features: Float32Array;
  /** Class index per row, 0 … classes − 1. */
  readonly labels: Int32Array;
  readonly featureCount: number;
}

/**
 * A frozen classifier: rows [n, D] to logits [n, classes], or [n, 1] for a single-logit binary
 * model (the logit of class 1). Q-FIT never changes its weights.
 */
export type FrozenClassifier = (x: tf.Tensor2D) => tf.Tensor2D;

/** Anything with privkit's network `apply` (Sequential, Classifier, a DP-SGD network). */
export interface AppliesToRows {
  apply(x: tf.Tensor, trace: null, training: boolean): tf.Tensor;
}

/** Wraps a privkit network as a frozen classifier (evaluation mode, no trace). */
export function frozenClassifier(network: AppliesToRows): FrozenClassifier {
  return (x) => network.apply(x, null, false) as tf.Tensor2D;
}

export function rowCount(data: TableData): number {
  return data.labels.length;
}

/** Checks the one-to-one shape of features and labels; throws one sentence that says what is off. */
export function checkTable(data: TableData, what = 'The data'): void {
  const d = data.featureCount;
  if (!Number.isInteger(d) || d < 1) throw new Error(`${what} needs a whole featureCount >= 1, got ${d}.`);
  if (data.features.length !== data.labels.length * d) {
    throw new Error(`${what} has ${data.features.length} feature values for ${data.labels.length} labels and ${d} features; expected ${data.labels.length * d}.`);
  }
  if (data.labels.length === 0) throw new Error(`${what} has no rows.`);
}

/** Views a table as the labelled data dpsgd's loops and batches take. */
export function asLabelledData(data: TableData, classes: number): LabelledData {
  return { features: data.features, exampleShape: [data.featureCount], labels: data.labels, classes };
}
