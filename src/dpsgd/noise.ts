// Gaussian noise on the coordinates DP-SGD updates: N(0, σ²C²) per kept coordinate, from the
// secure source. Masked-out coordinates get neither signal nor noise (they are not released).
import * as tf from '../engine/tf.js';
import type { NoiseSource } from '../engine/random/noise-prefetch.js';
import { keepCount } from './masks.js';

/**
 * sum + N(0, std²) on the coordinates each mask keeps (all of an unmasked parameter), with every
 * draw taken from `source` in one request per step (so a prefetching source can prepare it).
 */
export function addNoise(sums: ReadonlyMap<tf.Variable, tf.Tensor>, masks: ReadonlyMap<tf.Variable, tf.Tensor>, std: number, source: NoiseSource): Map<tf.Variable, tf.Tensor> {
  const kept = new Map<tf.Variable, Float32Array | null>();
  let total = 0;
  for (const param of sums.keys()) {
    const m = masks.get(param);
    const values = m ? (m.dataSync() as Float32Array) : null;
    kept.set(param, values);
    if (!values) { total += param.size; continue; }
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) total++;
  }
  const draws = source.take(total, std);
  const out = new Map<tf.Variable, tf.Tensor>();
  let at = 0;
  for (const [param, sum] of sums) {
    const m = kept.get(param)!;
    let noise: Float32Array;
    if (!m) {
      noise = draws.subarray(at, at + param.size);
      at += param.size;
    } else {
      noise = new Float32Array(param.size);
      for (let i = 0; i < m.length; i++) if (m[i] !== 0) noise[i] = draws[at++]!;
    }
    out.set(param, tf.tidy(() => tf.add(sum, tf.tensor(noise, sum.shape, 'float32'))));
  }
  return out;
}

function countOnes(mask: tf.Tensor): number {
  const total = tf.sum(mask);
  const n = Math.round(total.dataSync()[0]!);
  total.dispose();
  return n;
}

/**
 * Coordinates that receive signal and noise at each step (the noise energy is σ²C² times this):
 * pre-pruning keeps the masks' ones, gradient dropping then keeps (1 − rate) of those per tensor.
 */
export function coordinatesPerStep(params: readonly tf.Variable[], prune: ReadonlyMap<tf.Variable, tf.Tensor>, dropRate: number | null = null): number {
  let n = 0;
  for (const p of params) {
    const m = prune.get(p);
    const allowed = m ? countOnes(m) : p.size;
    n += dropRate !== null && p.rank >= 2 ? keepCount(allowed, dropRate) : allowed;
  }
  return n;
}
