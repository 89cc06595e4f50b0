// Runs the same computation on the tfjs cpu backend (the oracle) and on privkit's patched wasm
// engine, and measures how far apart they are.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../src/engine/index.js';
import { createRng, type Rng } from '../../src/engine/index.js';

export async function readyBackends(): Promise<void> {
  await initEngine();
}

export function randomValues(rng: Rng, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform() * 2 - 1;
  return out;
}

export function seeded(seed: number): Rng {
  return createRng(seed);
}

/** Runs `compute` on `backend` and returns the flattened values of every output. */
export async function runOn(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = compute();
  const values = outs.map((t) => Float32Array.from(t.dataSync()));
  outs.forEach((t) => t.dispose());
  await tf.setBackend('wasm');
  return values;
}

/**
 * Max over outputs of max|a − b| / max|b|: the error relative to the reference's scale, so entries
 * that are near zero by cancellation do not dominate.
 */
export function maxRelativeDifference(actual: Float32Array[], expected: Float32Array[]): number {
  let worst = 0;
  actual.forEach((a, k) => {
    const e = expected[k]!;
    if (a.length !== e.length) throw new Error(`output ${k}: ${a.length} values vs ${e.length}`);
    let scale = 0, diff = 0;
    for (let i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]!));
      diff = Math.max(diff, Math.abs(a[i]! - e[i]!));
    }
    worst = Math.max(worst, scale === 0 ? diff : diff / scale);
  });
  return worst;
}

/** The wasm-vs-cpu difference of `compute`. */
export async function wasmVsCpu(compute: () => tf.Tensor[]): Promise<number> {
  const expected = await runOn('cpu', compute);
  const actual = await runOn('wasm', compute);
  return maxRelativeDifference(actual, expected);
}
