// DP-MEPF building blocks: the public encoder, its pre-training and weights file, the released terms.
export { buildEncoder, DEFAULT_ENCODER_CHANNELS, defaultEncoderArchitecture, encoderChannelsError, MAX_ENCODER_CHANNELS, encoderArchitectureProblem, type Encoder, type EncoderArchitecture, type EncoderTap } from './encoder.js';
export {
  ENCODER_FORMAT, ENCODER_FORMAT_VERSION, ENCODER_PREPROCESSING, encoderFromFile, encoderToFile, loadEncoder, saveEncoder,
  type EncoderFile, type PublicDataRecord,
} from './encoder-file.js';
export { DEFAULT_PRETRAINING, meanLoss, pretrainEncoder, type PretrainEncoderOptions, type PretrainedEncoder } from './pretrain.js';
export { DEFAULT_MEPF_IMAGES, perceptualTerms, planMepfImages, type BoundedEmbeddingTerm, type MepfImageSettings } from './terms.js';
export { BUNDLED_ENCODERS, encoderPath, isBundledEncoder, type BundledEncoder } from './bundled-encoders.js';
export { movingAverageLoss, type MovingAverageOptions } from './moving-average.js';
