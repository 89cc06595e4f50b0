// sklearn RandomForestClassifier(): 100 fully grown trees on bootstrap samples, floor(√d) features
// examined per split, probabilities averaged; optionally class_weight='balanced'.
import type { ClassifierSpec } from '../types.js';
import { averageTreeProba, balancedWeights, bootstrapWeights, fitClassTree } from '../trees/class-tree.js';
import type { Tree } from '../trees/tree.js';
import { checkRows, fitted } from './common.js';

export interface RandomForestOptions {
  nEstimators?: number;
  /** Features examined per split; default floor(√d) (sklearn's 'sqrt'). */
  maxFeatures?: number;
  /** 'balanced': sklearn's class_weight='balanced' (weights from the whole training set, times the
   * bootstrap counts). */
  classWeight?: 'balanced';
  /** See GrowOptions.directNodes. */
  directNodes?: boolean;
}

export function randomForest(options: RandomForestOptions = {}): ClassifierSpec {
  return bootstrapForest('RandomForest', options.nEstimators ?? 100, (d) => ({
    maxFeatures: options.maxFeatures ?? Math.max(1, Math.floor(Math.sqrt(d))), directNodes: options.directNodes ?? false,
  }), { classWeight: options.classWeight });
}

export interface BootstrapOptions {
  /** Bootstrap draws per tree as a fraction of the rows (sklearn Bagging's max_samples; default 1). */
  maxSamples?: number;
  classWeight?: 'balanced' | undefined;
}

/**
 * Trees fully grown on bootstrap samples (draw counts as weights), probabilities averaged: a random
 * forest, or bagging when every split sees every feature (`treeOptions` without maxFeatures).
 */
export function bootstrapForest(
  name: string, nEstimators: number, treeOptions: (d: number) => { maxFeatures?: number; directNodes?: boolean }, boot: BootstrapOptions = {},
): ClassifierSpec {
  const maxSamples = boot.maxSamples ?? 1;
  if (!(maxSamples > 0 && maxSamples <= 1)) throw new RangeError(`${name}: maxSamples must be in (0, 1], got ${maxSamples}.`);
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { trees: Tree[]; d: number; k: number } | undefined;
      return {
        fit(train, rng) {
          const b = train.binned();
          const opts = treeOptions(train.d);
          const trees: Tree[] = [];
          // sklearn's BaggingClassifier draws int(max_samples · n) rows (at least 1)
          const draws = maxSamples === 1 ? train.n : Math.max(1, Math.floor(maxSamples * train.n));
          const classWeights = boot.classWeight === 'balanced' ? balancedWeights(train.y, train.k) : null;
          for (let t = 0; t < nEstimators; t++) {
            const treeRng = rng.fork();
            const weights = bootstrapWeights(train.n, treeRng, draws);
            if (classWeights) for (let i = 0; i < train.n; i++) weights[i] = weights[i]! * classWeights[i]!;
            trees.push(fitClassTree(b, train.y, train.k, weights, opts, treeRng));
          }
          model = { trees, d: train.d, k: train.k };
        },
        predictScores(X, n) {
          const { trees, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          return averageTreeProba(trees, X, n, d, k);
        },
      };
    },
  };
}
