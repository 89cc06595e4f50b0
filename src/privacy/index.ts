/** Public surface of privkit's privacy module: events, accountants, calibration, the ledger. */
export {
  type PrivacyEvent,
  type GaussianEvent,
  type LaplaceEvent,
  type PureDpEvent,
  type ExponentialMechanismEvent,
  type ZcdpEvent,
  type PoissonSampledEvent,
  type SelfComposedEvent,
  type ComposedEvent,
  type NoOpEvent,
  gaussian,
  laplace,
  laplaceForEpsilon,
  pureDp,
  exponentialMechanism,
  zcdp,
  poissonSampled,
  selfComposed,
  composed,
  noOp,
  dpSgdEvent,
  describeEvent,
  noiseMultiplierOf,
} from './events.js';
export {
  OPACUS_DEFAULT_ORDERS,
  DP_ACCOUNTING_DEFAULT_ORDERS,
  TFP_COMPUTE_DP_SGD_ORDERS,
  INTEGER_ORDERS_2_32,
  INTEGER_ORDERS_2_256,
  integerOrders,
} from './orders.js';
export {
  type Conversion,
  type EpsilonResult,
  type DeltaResult,
  epsilonFromRdp,
  deltaFromRdp,
} from './rdp-conversion.js';
export {
  rdpSubsampledGaussian,
  rdpSubsampledGaussianOrders,
} from './rdp-subsampled-gaussian.js';
export {
  type RdpAccountant,
  type EpsilonOptions,
  rdpOfEvent,
  epsilonOfEvent,
  deltaOfEvent,
  createRdpAccountant,
} from './rdp-accountant.js';
export {
  type CalibrationMode,
  type CalibrationOptions,
  type CalibrationResult,
  type EventCalibrationOptions,
  type EventCalibrationResult,
  calibrateNoise,
  calibrateEventNoise,
} from './calibrate.js';
export {
  type SubsampledGaussianEpsilonOptions,
  type SubsampledGaussianEpsilon,
  type NoiseMultiplierTargetOptions,
  type NoiseMultiplierTarget,
  epsilonForSubsampledGaussian,
  noiseMultiplierForTarget,
} from './dp-sgd.js';
export {
  type AnalyticGaussianDeltaOptions,
  type AnalyticGaussianSigmaOptions,
  type AnalyticGaussianEpsilonOptions,
  analyticGaussianDelta,
  analyticGaussianSigma,
  analyticGaussianEpsilon,
} from './analytic-gaussian.js';
export {
  gaussianRho,
  cdpDelta,
  cdpEpsilon,
  cdpRho,
  bunSteinkeEpsilon,
  bunSteinkeDelta,
  bunSteinkeRho,
} from './zcdp.js';
export {
  type AutodpGaussianOptions,
  autodpGaussianEpsilon,
  autodpGaussianSigma,
} from './autodp-gaussian.js';
export { calibrateForLedger } from './ledger-calibration.js';
export {
  type Ledger,
  type LedgerOptions,
  type LedgerEntry,
  type LedgerJson,
  type DeltaReservation,
  type PreviewOptions,
  type Spent,
  createLedger,
  splitBudget,
} from './ledger.js';
export {
  logAdd,
  logSub,
  logSumExp,
  lgamma,
  logBinomial,
  erf,
  erfc,
  logErfc,
  normalCdf,
  logNormalCdf,
} from './log-math.js';
