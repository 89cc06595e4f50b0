// sklearn BaggingClassifier(): 10 fully grown trees on bootstrap samples (draw counts as weights),
// probabilities averaged.
import type { ClassifierSpec } from '../types.js';
import { bootstrapForest } from './random-forest.js';

export interface BaggingOptions {
  nEstimators?: number;
}

export function bagging(options: BaggingOptions = {}): ClassifierSpec {
  return bootstrapForest('Bagging', options.nEstimators ?? 10, () => ({}));
}
