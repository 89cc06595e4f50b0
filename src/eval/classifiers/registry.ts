// The twelve TSTR classifiers in the papers' order (DP-MERF/DP-HP, and tstr.py), with defaults
// matching tstr.py's scikit-learn settings; HistGB stands in for XGBoost.
import type { ClassifierSpec } from '../types.js';
import { adaBoost } from './adaboost.js';
import { bagging } from './bagging.js';
import { bernoulliNb } from './bernoulli-nb.js';
import { decisionTree } from './decision-tree.js';
import { gaussianNb } from './gaussian-nb.js';
import { gradientBoosting } from './gradient-boosting.js';
import { histGradientBoosting } from './hist-gradient-boosting.js';
import { lda } from './lda.js';
import { linearSvm } from './linear-svm.js';
import { logisticRegression } from './logistic-regression.js';
import { mlp } from './mlp.js';
import { randomForest } from './random-forest.js';

export const CLASSIFIER_NAMES = [
  'LogReg', 'GaussianNB', 'BernoulliNB', 'LinearSVM', 'DecisionTree', 'LDA',
  'AdaBoost', 'Bagging', 'RandomForest', 'GBM', 'MLP', 'HistGB',
] as const;

export type ClassifierName = (typeof CLASSIFIER_NAMES)[number];

/** Fresh specs of the twelve classifiers with their default settings. */
export function defaultClassifiers(): ClassifierSpec[] {
  return [
    logisticRegression(), gaussianNb(), bernoulliNb(), linearSvm(), decisionTree(), lda(),
    adaBoost(), bagging(), randomForest(), gradientBoosting(), mlp(), histGradientBoosting(),
  ];
}
