/**
 * Public surface of privkit's private pre-processing: DP estimates of a private CSV's schema (types,
 * numeric bounds, categorical domains) and row count, each release paid through the ledger.
 */
export { estimateSchema } from './estimate-schema.js';
export type { ColumnDecision, EstimateDecisions, EstimateResult, EstimateSchemaOptions } from './types.js';
export {
  DEFAULT_SPLIT,
  DEFAULT_THRESHOLD_DELTA_SHARE,
  PREPROCESSING_ORDERS,
  totalRho,
  type BudgetSplit,
} from './budget.js';
export { categoriesSensitivity, categoryThreshold, gaussianTailQuantile } from './categories.js';
export { DEFAULT_FORMAT_THRESHOLDS, formatSensitivity, type FormatSummary, type FormatThresholds } from './column-format.js';
export { QUANTILE_GRID } from './grid.js';
export { dpQuantile, quantileUtilities, rankSlack } from './quantile.js';
export { sampleExponentialMechanism } from './exponential-mechanism.js';
export { splitTarget } from './split-target.js';
