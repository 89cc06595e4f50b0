// sklearn DecisionTreeClassifier(): gini, grown until pure, all features, random tie-breaking;
// optionally class_weight='balanced'.
import type { ClassifierSpec } from '../types.js';
import { balancedWeights, fitClassTree } from '../trees/class-tree.js';
import { addTreeOutput, type Tree } from '../trees/tree.js';
import { checkRows, fitted } from './common.js';

export interface DecisionTreeOptions {
  maxDepth?: number;
  /** 'balanced': rows weighted n / (k · n_class), as sklearn's class_weight='balanced'. */
  classWeight?: 'balanced';
  /** See GrowOptions.directNodes. */
  directNodes?: boolean;
}

export function decisionTree(options: DecisionTreeOptions = {}): ClassifierSpec {
  const name = 'DecisionTree';
  return {
    name,
    scoreKind: 'probability',
    create() {
      let model: { tree: Tree; d: number; k: number } | undefined;
      return {
        fit(train, rng) {
          const weights = options.classWeight === 'balanced' ? balancedWeights(train.y, train.k) : null;
          const tree = fitClassTree(train.binned(), train.y, train.k, weights, { maxDepth: options.maxDepth ?? Infinity, directNodes: options.directNodes ?? false }, rng);
          model = { tree, d: train.d, k: train.k };
        },
        predictScores(X, n) {
          const { tree, d, k } = fitted(model, name);
          checkRows(X, n, d, name);
          const out = new Float64Array(n * k);
          addTreeOutput(tree, X, n, d, out);
          return out;
        },
      };
    },
  };
}
