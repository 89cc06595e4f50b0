// sklearn BaggingClassifier(): 10 fully grown trees on bootstrap samples (draw counts as weights),
// probabilities averaged.
import type { ClassifierSpec } from '../types.js';
import { averageTreeProba, bootstrapWeights, fitClassTree } from '../trees/class-tree.js';
import type { Tree } from '../trees/tree.js';
import { checkRows, fitted } from './common.js';

export interface BaggingOptions {
  nEstimators?: number;
}

export function bagging(options: BaggingOptions = {}): ClassifierSpec {
  const name = 'Bagging';
  const nEstimators = options.nEstimators ?? 10;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { trees: Tree[]; d: number; k: number } | undefined;
      return {
        fit(train, rng) {
          const b = train.binned();
          const trees: Tree[] = [];
          for (let t = 0; t < nEstimators; t++) {
            const treeRng = rng.fork();
            trees.push(fitClassTree(b, train.y, train.k, bootstrapWeights(train.n, treeRng), {}, treeRng));
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
