// sklearn BaggingClassifier(): 10 fully grown trees on bootstrap samples (draw counts as weights),
// probabilities averaged; optionally max_samples < 1 (fewer draws per tree).
import type { ClassifierSpec } from '../types.js';
import { bootstrapForest } from './random-forest.js';

export interface BaggingOptions {
  nEstimators?: number;
  /** Bootstrap draws per tree as a fraction of the rows (sklearn's max_samples; default 1). */
  maxSamples?: number;
  /** See GrowOptions.directNodes. */
  directNodes?: boolean;
}

export function bagging(options: BaggingOptions = {}): ClassifierSpec {
  return bootstrapForest('Bagging', options.nEstimators ?? 10, () => ({ directNodes: options.directNodes ?? false }), { maxSamples: options.maxSamples ?? 1 });
}
