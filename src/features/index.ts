export { hermiteRho, hermiteFeatures, hermiteSumFeatures, hermiteProductFeatures } from './hermite.js';
export { drawFrequencies, fourierFeatures } from './random-fourier.js';
