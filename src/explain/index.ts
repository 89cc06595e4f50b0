// Q-FIT (quantifiable feature importance): learn a Dirichlet over feature importance for a frozen
// classifier, globally or per row; score it against ground truth; compare two explanations.
export { frozenClassifier, type TableData, type FrozenClassifier, type AppliesToRows } from './types.js';
export {
  makeSynthetic, syntheticScore, syntheticRelevant, probabilityOfOne, SYNTHETIC_SETS, SYNTHETIC_FEATURES,
  type SyntheticData, type SyntheticOptions, type SyntheticSetName, type BasicSetName, type SwitchSetName,
} from './synthetic.js';
export {
  rankFeatures, topKSelection, truePositiveRate, falseDiscoveryRate, selectionMcc, medianRank, scoreExplanation,
  relevantCounts, broadcastRows, type ExplanationScores,
} from './metrics.js';
export { trainTableClassifier, type TableClassifier, type TableClassifierOptions } from './classifier.js';
export { qfitGlobal, importanceFromPhi, QFIT_THETA0, type QfitOptions, type GlobalImportance } from './qfit.js';
export { qfitLocal, type LocalQfitOptions, type LocalExplainer, type LocalImportance } from './qfit-local.js';
export { compareExplanations, type ExplanationDistance, type HasConcentrations } from './compare.js';
export { privateQfitGlobal, privateQfitLocal, type PrivateQfitOptions } from './private.js';
export { explainTable, EXPLAIN_DEFAULTS, type ExplainSettings, type ExplainTableOptions, type ExplainTableResult } from './explain-table.js';
export { readExplainTable, columnGroups, type ExplainTableInput, type ReadExplainTableOptions } from './table-input.js';
export { readExplanationFile, compareExplanationFiles, type ExplanationFile, type FileDistance } from './explanation-file.js';
