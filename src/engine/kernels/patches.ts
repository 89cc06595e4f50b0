// Installs privkit's wasm kernels over the stock ones, and can put the stock ones back (the engine
// benchmark times both in one process).
import * as tf from '@tensorflow/tfjs-core';
import { patchedBatchMatMul } from './batch-mat-mul.js';
import { conv2dBackpropFilter, conv2dBackpropInput } from './conv2d-backprop.js';
import { unsortedSegmentSum } from './unsorted-segment-sum.js';
import { maxPoolGrad } from './max-pool-grad.js';
import { patchedConv2D } from './conv2d-few-outputs.js';
import { patchedSlice, patchedSplitV } from './slice.js';

const BACKEND = 'wasm';
let saved: Map<string, tf.KernelConfig | undefined> | null = null;

function replace(config: tf.KernelConfig, store: Map<string, tf.KernelConfig | undefined>): void {
  const existing = tf.getKernel(config.kernelName, BACKEND);
  store.set(config.kernelName, existing);
  if (existing) tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel(config);
}

function asKernel(kernelName: string, kernelFunc: unknown): tf.KernelConfig {
  return { kernelName, backendName: BACKEND, kernelFunc: kernelFunc as tf.KernelFunc };
}

export function kernelPatchesInstalled(): boolean {
  return saved !== null;
}

/** Registers the patched kernels; idempotent. */
export function installKernelPatches(): void {
  if (saved) return;
  const stockMatMul = tf.getKernel('BatchMatMul', BACKEND);
  if (!stockMatMul) throw new Error('The wasm backend is not registered; call initEngine() first.');
  const store = new Map<string, tf.KernelConfig | undefined>();
  replace(patchedBatchMatMul(stockMatMul), store);
  replace(patchedConv2D(tf.getKernel('Conv2D', BACKEND)!), store);
  replace(asKernel('Conv2DBackpropFilter', conv2dBackpropFilter), store);
  replace(asKernel('Conv2DBackpropInput', conv2dBackpropInput), store);
  replace(asKernel('UnsortedSegmentSum', unsortedSegmentSum), store);
  replace(asKernel('MaxPoolGrad', maxPoolGrad), store);
  replace(patchedSlice(tf.getKernel('Slice', BACKEND)!), store);
  replace(patchedSplitV(tf.getKernel('SplitV', BACKEND)!), store);
  saved = store;
}

/** Restores the stock kernels (kernels that did not exist are unregistered again). */
export function removeKernelPatches(): void {
  if (!saved) return;
  for (const [name, stock] of saved) {
    tf.unregisterKernel(name, BACKEND);
    if (stock) tf.registerKernel(stock);
  }
  saved = null;
}
