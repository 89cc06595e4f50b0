// sklearn RandomForestClassifier(): 100 fully grown trees on bootstrap samples, floor(√d) features
// examined per split, probabilities averaged.
import type { ClassifierSpec } from '../types.js';
import { averageTreeProba, bootstrapWeights, fitClassTree } from '../trees/class-tree.js';
import type { Tree } from '../trees/tree.js';
import { checkRows, fitted } from './common.js';

export interface RandomForestOptions {
  nEstimators?: number;
  /** Features examined per split; default floor(√d) (sklearn's 'sqrt'). */
  maxFeatures?: number;
}

export function randomForest(options: RandomForestOptions = {}): ClassifierSpec {
  return bootstrapForest('RandomForest', options.nEstimators ?? 100, (d) => ({ maxFeatures: options.maxFeatures ?? Math.max(1, Math.floor(Math.sqrt(d))) }));
}

/**
 * Trees fully grown on bootstrap samples (draw counts as weights), probabilities averaged: a random
 * forest, or bagging when every split sees every feature (`treeOptions` returns {}).
 */
export function bootstrapForest(name: string, nEstimators: number, treeOptions: (d: number) => { maxFeatures?: number }): ClassifierSpec {
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
          for (let t = 0; t < nEstimators; t++) {
            const treeRng = rng.fork();
            trees.push(fitClassTree(b, train.y, train.k, bootstrapWeights(train.n, treeRng), opts, treeRng));
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
