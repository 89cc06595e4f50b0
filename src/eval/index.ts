// Utility evaluation of synthetic data: the twelve TSTR classifiers, metrics, the TSTR driver and
// statistical fidelity. Everything works on plain typed arrays (row-major, already encoded).
export type { Classifier, ClassifierSpec, TrainingSet } from './types.js';
export { createTrainingSet, type TrainingSetOptions } from './training-set.js';
export { CLASSIFIER_NAMES, defaultClassifiers, type ClassifierName } from './classifiers/registry.js';
export { logisticRegression, type LogisticRegressionOptions } from './classifiers/logistic-regression.js';
export { gaussianNb, type GaussianNbOptions } from './classifiers/gaussian-nb.js';
export { bernoulliNb, type BernoulliNbOptions } from './classifiers/bernoulli-nb.js';
export { linearSvm, type LinearSvmOptions } from './classifiers/linear-svm.js';
export { decisionTree, type DecisionTreeOptions } from './classifiers/decision-tree.js';
export { lda, type LdaOptions } from './classifiers/lda.js';
export { adaBoost, type AdaBoostOptions } from './classifiers/adaboost.js';
export { bagging, type BaggingOptions } from './classifiers/bagging.js';
export { randomForest, type RandomForestOptions } from './classifiers/random-forest.js';
export { gradientBoosting, type GradientBoostingOptions } from './classifiers/gradient-boosting.js';
export { mlp, type MlpOptions } from './classifiers/mlp.js';
export { histGradientBoosting, type HistGradientBoostingOptions } from './classifiers/hist-gradient-boosting.js';
export {
  accuracy, argmaxRows, averagePrecision, averagePrecisionOvr, f1Scores, rocAuc, rocAucOvr, type F1Scores,
} from './metrics.js';
export {
  evaluateTstr, figures, meanFigures, FIGURE_NAMES,
  type ClassifierResult, type TstrFigures, type TstrInput, type TstrResult,
} from './tstr.js';
export {
  compareTables, correlationRatio, cramersV, ksStatistic, pearson, totalVariation,
  type ColumnFidelity, type FidelityColumn, type FidelityOptions, type FidelityReport, type PairFidelity,
} from './fidelity.js';
