// Image utility evaluation: the papers' twelve classifiers (plus a small CNN) trained on synthetic
// images and tested on real ones.
export {
  evaluateImages, type ImageClassifierResult, type ImageEvalInput, type ImageEvalResult, type ImageMean,
} from './evaluate-images.js';
export { evaluateImageFiles, EVALUATION_NOTE, type ImageEvalReport, type ImageFilesEvalOptions } from './evaluate-image-files.js';
export { checkSameShape, classCount, readImageSet, type ImageSet } from './read-images.js';
export {
  CAPPED_CLASSIFIERS, DEFAULT_CAPPED_IMAGES, IMAGE_SUITE, imageCnn, imageSuite,
  type CnnProtocolOptions, type ImageClassifier, type ImageProtocolOptions, type ImageSuiteName,
} from './protocol.js';
export { engineLinearSvm, engineLogisticRegression, type EngineLogisticOptions, type EngineSvmOptions } from './engine-linear.js';
export { engineLda, type EngineLdaOptions } from './engine-lda.js';
export { engineCnn, engineMlp, type EngineCnnOptions, type EngineMlpOptions } from './engine-nets.js';
export { stratifiedSample } from './stratified.js';
