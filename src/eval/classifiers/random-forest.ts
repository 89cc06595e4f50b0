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
  const name = 'RandomForest';
  const nEstimators = options.nEstimators ?? 100;
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { trees: Tree[]; d: number; k: number } | undefined;
      return {
        fit(train, rng) {
          const b = train.binned();
          const maxFeatures = options.maxFeatures ?? Math.max(1, Math.floor(Math.sqrt(train.d)));
          const trees: Tree[] = [];
          for (let t = 0; t < nEstimators; t++) {
            const treeRng = rng.fork();
            trees.push(fitClassTree(b, train.y, train.k, bootstrapWeights(train.n, treeRng), { maxFeatures }, treeRng));
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
