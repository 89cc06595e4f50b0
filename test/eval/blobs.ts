// A small, well separated problem: Gaussian blobs (sd 0.06) in two informative features, plus
// uniform noise features and a one-hot noise block. Every classifier should nearly ace it.
import { createRng } from '../../src/engine/random/seeded-rng.js';

export interface Blobs { X: Float32Array; y: Int32Array; n: number; d: number; k: number }

export function blobs(n: number, k: 2 | 3, seed: number): Blobs {
  const centres = k === 2 ? [[0.3, 0.3], [0.7, 0.7]] : [[0.2, 0.2], [0.8, 0.2], [0.5, 0.8]];
  const rng = createRng(seed);
  const d = 2 + 3 + 3;
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    X[i * d] = centres[c]![0]! + 0.06 * rng.normal();
    X[i * d + 1] = centres[c]![1]! + 0.06 * rng.normal();
    for (let j = 2; j < 5; j++) X[i * d + j] = rng.uniform();
    X[i * d + 5 + rng.int(3)] = 1;
  }
  return { X, y, n, d, k };
}
