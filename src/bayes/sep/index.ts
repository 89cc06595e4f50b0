/** Public surface of DP-SEP: differentially private stochastic expectation propagation. */
export { type GaussianNatural, type GaussianMoments, zeroNatural, cloneNatural, combineNatural, naturalFromMoments, momentsFromNatural } from './natural.js';
export { type Site, zeroSite, cloneSite, combineSites, siteBlockCount, siteBlockNorms, clipSiteInPlace, flattenSite } from './site.js';
export type { SepModel } from './model.js';
export { type MixtureLikelihood, type MixtureModelOptions, mixtureModel, mixtureTiltedMoments, isotropicPrior } from './mog.js';
export { type LogisticTilted, type LogisticModelOptions, logisticModel, logisticTilted, logisticPredictive, DEFAULT_QUADRATURE_NODES } from './logreg.js';
export { type QuadratureRule, gaussHermite } from './gauss-hermite.js';
export {
  type SepStepOptions, type SensitivityOptions, type SepSampling, type SepRunOptions, type SepRunResult,
  cavityOf, posteriorOf, sepUpdate, sepSensitivity, addSiteNoise, repairSite, runSep,
} from './sep.js';
export { type DpSepOptions, type DpSepResult, DP_SEP_DEFAULTS, dpSepEvent, runDpSep } from './dp-sep.js';
export { type MixtureData, type LogisticData, MOG_CARD, simulateMixture, simulateLogistic } from './data.js';
export { type PosteriorDistance, posteriorDistance } from './metrics.js';
