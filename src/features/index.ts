export { hermiteRho, hermiteFeatures, hermiteSumFeatures, hermiteProductFeatures } from './hermite.js';
export { drawFrequencies, fourierFeatures } from './random-fourier.js';
export {
  createNtkNetwork, ntkClassSums, ntkParts, ntkKernel, prepareNtkTarget, ntkEmbeddingLoss,
  type NtkNetwork, type NtkNetworkOptions, type NtkParts, type NtkTarget,
} from './ntk.js';
