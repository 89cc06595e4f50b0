// One call sets up the numeric engine: the tfjs wasm backend with privkit's kernel patches.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import './tf.js';
import { installKernelPatches } from './kernels/patches.js';
import { startThreadedWasm } from './threads.js';
import { loadPerExampleKernels } from './kernels/simd-kernels.js';
import { enableNoiseWorkers } from './random/noise-prefetch.js';

export interface EngineOptions {
  /** Install privkit's kernel patches (default true; false gives stock tfjs-wasm, for benchmarks). */
  patches?: boolean;
  /**
   * wasm threads (Node). Default 1: deterministic, and a second thread gains little on a shared
   * 2-core machine. The environment variable PRIVKIT_THREADS overrides the default.
   */
  threads?: number;
}

export interface EngineInfo {
  backend: string;
  simd: boolean;
  threads: number;
  patched: boolean;
}

let ready: Promise<EngineInfo> | null = null;

function requestedThreads(options: EngineOptions): number {
  const fromEnv = Number(process.env.PRIVKIT_THREADS);
  const n = options.threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`threads must be a positive integer, got ${n}.`);
  return n;
}

/** Starts the engine once; later calls return the same engine (their options are ignored). */
export function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  ready ??= (async () => {
    tf.env().set('PROD', true); // silences tfjs's console hints (privkit runs wasm on purpose)
    const wanted = requestedThreads(options);
    let threads = 1;
    if (wanted > 1 && typeof process !== 'undefined' && process.versions?.node) {
      threads = await startThreadedWasm(wanted);
    } else {
      if (!(await tf.setBackend('wasm'))) throw new Error('The tfjs wasm backend failed to start.');
      await tf.ready();
    }
    const patched = options.patches ?? true;
    if (patched) installKernelPatches();
    await loadPerExampleKernels();
    if (typeof process !== 'undefined' && process.versions?.node) enableNoiseWorkers((await import('node:worker_threads')).Worker);
    return { backend: tf.getBackend(), simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') as boolean, threads, patched };
  })();
  return ready;
}
