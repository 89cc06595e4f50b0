// Dirichlet pruning (method card docs/methods/dirichlet-qfit.md §2): Dirichlet channel switches on a
// frozen classifier, unit rankings (switches, magnitude, random), keep counts for a parameter
// budget, structurally smaller networks, their cost, and fine-tuning.
export { prunableLayers, prunableLayer, prunableWidths, withWidths, type PrunableLayer } from './family.js';
export { specsCost, architectureCost, inputShapeOf, type LayerCost, type NetworkCost } from './cost.js';
export { scaledLogits, logMeanProbabilities } from './scaled-forward.js';
export { trainSwitches, switchScale, SWITCH_DEFAULTS, type SwitchMode, type SwitchScale, type SwitchSettings, type SwitchOptions, type SwitchResult } from './switches.js';
export {
  rankingFromScores, switchRanking, magnitudeRankings, randomRankings, dirichletRankings,
  type RankingMethod, type UnitRanking, type DirichletRankingOptions,
} from './ranking.js';
export { keepCountsForFraction, type KeepPlan } from './keep.js';
export { keptUnits, pruneClassifier, zeroRemovedUnits } from './prune.js';
export { fineTune, FINE_TUNE_DEFAULTS, type FineTuneSettings, type FineTuneOptions } from './fine-tune.js';
export { compressClassifier, type CompressOptions, type CompressResult } from './compress.js';
