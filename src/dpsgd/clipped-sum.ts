// One DP-SGD gradient before noise: per-example gradient norms over all (masked) parameters, the
// clip factors c_i = min(1, C / (‖g_i‖ + 1e-6)), and Σ_i c_i g_i per parameter. Per-example
// gradients are formed only where an op's rule needs them (conv and sequence layers).
import * as tf from '../engine/tf.js';
import { resetKernelArena } from '../engine/kernels/simd-kernels.js';
import type { Network, PerExampleLoss } from './network.js';
import { ruleFor, type ClipFactors, type ParamMasks } from './per-example/index.js';
import { recordingTrace } from './trace.js';

export interface ClippedSum {
  /** Σ_i c_i g_i for every trainable parameter (zeros for parameters no example reached). */
  readonly sums: Map<tf.Variable, tf.Tensor>;
  /** Each example's gradient norm before clipping (over the masked coordinates). */
  readonly norms: Float64Array;
}

const NO_MASKS: ParamMasks = new Map();

export function clippedGradientSum(
  net: Network, x: tf.Tensor, target: tf.Tensor, loss: PerExampleLoss, clipNorm: number, masks: ParamMasks = NO_MASKS,
): ClippedSum {
  if (!(clipNorm > 0) || !Number.isFinite(clipNorm)) throw new Error(`The clipping norm must be a finite number > 0, got ${clipNorm}.`);
  const batch = x.shape[0]!;
  const sums = new Map<tf.Variable, tf.Tensor>();
  if (batch === 0) {
    for (const p of net.params) sums.set(p, tf.zerosLike(p));
    return { sums, norms: new Float64Array(0) };
  }
  resetKernelArena();
  const probe = tf.scalar(0);
  const trace = recordingTrace(probe);
  let clipTensor: tf.Tensor1D | null = null;
  try {
    tf.dispose(tf.grad((p: tf.Tensor) => {
      void p; // the trace holds the probe; tfjs passes the same tensor here
      return tf.sum(loss(net.apply(x, trace, true), target));
    })(probe));
    const records = trace.records.filter((r) => r.gradOut !== null); // ops that do not reach the loss have no gradient
    const sq = new Float64Array(batch);
    for (const r of records) ruleFor(r.op).addSquaredNorms(r, masks, sq);
    const norms = sq.map(Math.sqrt);
    const values = Float32Array.from(norms, (n) => Math.min(1, clipNorm / (n + 1e-6)));
    clipTensor = tf.tensor1d(values);
    const clip: ClipFactors = { values, tensor: clipTensor };
    for (const r of records) {
      for (const [param, sum] of ruleFor(r.op).clippedSums(r, clip, masks)) {
        if (sums.has(param)) {
          tf.dispose([...sums.values(), sum]);
          throw new Error(`Parameter ${param.name} is used by two ops; per-example norms of shared parameters are not supported.`);
        }
        sums.set(param, sum);
      }
    }
    for (const p of net.params) if (!sums.has(p)) sums.set(p, tf.zerosLike(p));
    return { sums, norms };
  } finally {
    trace.dispose();
    probe.dispose();
    clipTensor?.dispose();
  }
}
