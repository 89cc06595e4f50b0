// The one place privkit imports tfjs-core from: methods write plain tfjs ops against this module,
// and the engine decides which backend and kernels run them. tfjs-core registers no gradients by
// itself; importing them here makes tf.grads work wherever the engine is used.
import './vendor/tfjs-gradients.js'; // built by scripts/bundle-gradients.mjs
export * from '@tensorflow/tfjs-core';
