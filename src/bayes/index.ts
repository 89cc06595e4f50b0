/** Public surface of privkit's private Bayesian inference: VIPS (logistic regression, LDA) and DP-SEP. */
export { type LogregData, type GaussianPosterior, scaleRows } from './logreg/model.js';
export { polyaGammaMean } from './logreg/polya-gamma.js';
export { statisticsSensitivity, DEFAULT_SECOND_BLOCK_WEIGHT } from './logreg/statistics.js';
export { type VipsOptions, type VbOptions, fitLogregVips, fitLogregVb, vipsEvent } from './logreg/vips.js';
export { predictiveProbabilities } from './logreg/predict.js';
export { type PrivateLogregOptions, type PrivateLogregResult, LOGREG_DEFAULTS, fitPrivateLogreg, readLogregTest } from './logreg/private-logreg.js';
export * as lda from './lda/private-lda.js';
export * as corpus from './lda/read-corpus.js';
export * as sep from './sep/index.js';
