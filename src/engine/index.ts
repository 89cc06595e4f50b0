export { initEngine, type EngineInfo, type EngineOptions } from './init.js';
export { installKernelPatches, removeKernelPatches, kernelPatchesInstalled } from './kernels/patches.js';
export { createRng, shuffleInPlace, fillNormal, boxMuller, type Rng } from './random/seeded-rng.js';
export { fillSecureGaussian, secureGaussian, UNSAFE_seedPrivacyNoiseForTesting, privacyNoiseIsSeeded } from './random/secure-gaussian.js';
export { secureUniform } from './random/secure-uniform.js';
export { addSecureGaussianNoise } from './noise.js';
export * as tf from './tf.js';
