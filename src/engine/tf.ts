// The one place privkit imports tfjs-core from: methods write plain tfjs ops against this module,
// and the engine decides which backend and kernels run them. tfjs-core registers no gradients by
// itself; the bundle imported second (built by scripts/bundle-gradients.mjs) registers them. Order
// matters: tfjs-core must be evaluated first so that its Engine and Tensor class become the
// global singletons the bundle's private op copies then share.
export * from '@tensorflow/tfjs-core';
import './vendor/tfjs-gradients.js';
