// The oracle for per-example gradients: one backward pass per example, on the plain network.
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { clippedGradientSum } from '../../src/dpsgd/clipped-sum.js';
import { softmaxCrossEntropy } from '../../src/dpsgd/network.js';
import type { Network, PerExampleLoss } from '../../src/dpsgd/network.js';
import type { ParamMasks } from '../../src/dpsgd/per-example/index.js';

export interface BruteForce {
  norms: number[];
  /** Σ_i min(1, C/(‖g_i‖ + 1e-6)) g_i per parameter, flattened. */
  clippedSums: Float32Array[];
}

export function bruteForce(net: Network, x: tf.Tensor, target: tf.Tensor, loss: PerExampleLoss, clipNorm: number, masks: ParamMasks = new Map()): BruteForce {
  const batch = x.shape[0]!;
  const params = [...net.params];
  const sums = params.map((p) => new Float64Array(p.size));
  const norms: number[] = [];
  for (let i = 0; i < batch; i++) {
    const grads = tf.tidy(() => {
      const xi = tf.slice(x, i, 1), ti = tf.slice(target, i, 1);
      const { grads } = tf.variableGrads(() => tf.sum(loss(net.apply(xi, null, true), ti)) as tf.Scalar, params);
      return params.map((p) => {
        const g = grads[p.name]!;
        const m = masks.get(p);
        return m ? tf.mul(g, m) : g;
      });
    });
    const values = grads.map((g) => g.dataSync());
    tf.dispose(grads);
    let sq = 0;
    for (const v of values) for (const e of v) sq += e * e;
    const n = Math.sqrt(sq);
    norms.push(n);
    const c = Math.min(1, clipNorm / (n + 1e-6));
    values.forEach((v, k) => { for (let j = 0; j < v.length; j++) sums[k]![j]! += c * v[j]!; });
  }
  return { norms, clippedSums: sums.map((s) => Float32Array.from(s)) };
}

/** max |a − b| / max |b| over all entries. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Asserts that the DP engine's norms and clipped sums equal brute force (relative error ≤ 1e-4). */
export function checkAgainstBruteForce(net: Network, x: tf.Tensor, labels: tf.Tensor, clip: number, masks: ParamMasks = new Map()): void {
  const expected = bruteForce(net, x, labels, softmaxCrossEntropy, clip, masks);
  const got = clippedGradientSum(net, x, labels, softmaxCrossEntropy, clip, masks);
  assert.ok(relativeError(got.norms, expected.norms) <= 1e-4, `norms ${[...got.norms].slice(0, 4)} vs ${expected.norms.slice(0, 4)}`);
  net.params.forEach((p, k) => {
    const sum = got.sums.get(p)!.dataSync();
    assert.ok(relativeError(sum, expected.clippedSums[k]!) <= 1e-4, `clipped sum of ${p.name}: relative error ${relativeError(sum, expected.clippedSums[k]!)}`);
  });
  tf.dispose([...got.sums.values()]);
}
