// One call sets up the numeric engine: the tfjs wasm backend with privkit's kernel patches.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import './tf.js';
import { installKernelPatches } from './kernels/patches.js';

export interface EngineOptions {
  /** Install privkit's kernel patches (default true; false gives stock tfjs-wasm, for benchmarks). */
  patches?: boolean;
}

export interface EngineInfo {
  backend: string;
  simd: boolean;
  patched: boolean;
}

let ready: Promise<EngineInfo> | null = null;

export function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  ready ??= (async () => {
    tf.env().set('PROD', true); // silences tfjs's console hints (privkit runs wasm on purpose)
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('The tfjs wasm backend failed to start.');
    await tf.ready();
    const patched = options.patches ?? true;
    if (patched) installKernelPatches();
    return { backend: tf.getBackend(), simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') as boolean, patched };
  })();
  return ready;
}
