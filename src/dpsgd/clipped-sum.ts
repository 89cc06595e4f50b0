// One DP-SGD gradient before noise: per-example gradient norms over all (masked) parameters, the
// clip factors c_i = min(1, C / (‖g_i‖ + 1e-6)) (or c_i = 1/‖g_i‖ to normalize, for DP-NTK
// features), and Σ_i c_i g_i per parameter. Per-example gradients are formed only where an op's
// rule needs them (conv and sequence layers).
import * as tf from '../engine/tf.js';
import { resetKernelArena } from '../engine/kernels/simd-kernels.js';
import type { Network, PerExampleLoss } from './network.js';
import { ruleFor, type ClipFactors, type ParamMasks } from './per-example/index.js';
import { recordingTrace, type OpRecord } from './trace.js';
import type { LinearOp } from '../nn/layer.js';

export interface ClippedSum {
  /** Σ_i c_i g_i for every trainable parameter (zeros for parameters no example reached). */
  readonly sums: Map<tf.Variable, tf.Tensor>;
  /** Each example's gradient norm before clipping (over the masked coordinates). */
  readonly norms: Float64Array;
}

const NO_MASKS: ParamMasks = new Map();

/**
 * How each example's gradient g_i is scaled before the sum: a clip norm C gives
 * c_i = min(1, C/‖g_i‖) (DP-SGD); 'normalize' gives c_i = 1/‖g_i‖, so every example contributes a
 * unit vector (DP-NTK features). Clipping divides by ‖g_i‖(1 + 1e-5), normalizing by ‖g_i‖(1 + 1e-4),
 * so that float32 rounding of the norm does not lift a contribution above its bound (a float32 sum
 * of n squares is off by ~√n·6e-8 typically and by at most ~n·6e-8 relative: 5e-5 for n = 800). Under 'normalize' an example whose norm is not finite, or
 * below 1e-12 (where float32 squares no longer give the norm reliably; exactly 0 included),
 * contributes 0.
 */
export type Clipping = number | 'normalize';

/** Below this norm 'normalize' drops the example instead of scaling it up. */
const MIN_NORMALIZED_NORM = 1e-12;

function clipFactor(clipping: Clipping, norm: number): number {
  if (!Number.isFinite(norm)) return 0;
  if (clipping === 'normalize') return norm >= MIN_NORMALIZED_NORM ? 1 / (norm * (1 + 1e-4)) : 0;
  return Math.min(1, clipping / (norm * (1 + 1e-5) + 1e-6));
}

/** Every trainable parameter must sit in a traced op, or its per-example gradient is unbounded. */
function checkCoverage(params: readonly tf.Variable[], ops: readonly LinearOp[]): void {
  const covered = new Set<tf.Variable>();
  for (const op of ops) {
    covered.add(op.weight);
    if ('bias' in op && op.bias) covered.add(op.bias);
  }
  const loose = params.find((p) => !covered.has(p));
  if (loose) throw new Error(`Parameter ${loose.name} is not in any traced linear op, so DP-SGD cannot bound its per-example gradient; build the layer from traced ops.`);
}

/** Zeroes the output gradients (and inputs) of examples whose norm is not finite. */
function zeroRows(records: OpRecord[], norms: Float64Array): void {
  const keep = tf.tensor1d(Float32Array.from(norms, (n) => (Number.isFinite(n) ? 1 : 0)));
  const clean = (t: tf.Tensor) => tf.tidy(() => {
    const k = tf.reshape(keep, [-1, ...t.shape.slice(1).map(() => 1)]);
    return tf.keep(tf.where(tf.cast(k, 'bool'), t, tf.zerosLike(t)));
  });
  for (const r of records) {
    const g = clean(r.gradOut!);
    r.gradOut!.dispose();
    r.gradOut = g;
    if (r.input.dtype === 'float32') {
      const x = clean(r.input);
      r.input.dispose();
      (r as { input: tf.Tensor }).input = x;
    }
  }
  keep.dispose();
}

export function clippedGradientSum(
  net: Network, x: tf.Tensor, target: tf.Tensor, loss: PerExampleLoss, clipNorm: Clipping, masks: ParamMasks = NO_MASKS,
): ClippedSum {
  if (clipNorm !== 'normalize' && (!(clipNorm > 0) || !Number.isFinite(clipNorm))) throw new Error(`The clipping norm must be a finite number > 0, got ${clipNorm}.`);
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
    checkCoverage(net.params, trace.records.map((r) => r.op));
    const records = trace.records.filter((r) => r.gradOut !== null); // ops that do not reach the loss have no gradient
    const sq = new Float64Array(batch);
    for (const r of records) ruleFor(r.op).addSquaredNorms(r, masks, sq);
    const norms = sq.map((s) => Math.sqrt(Math.max(0, s))); // a Gram total can round below 0
    // The relative margin covers float32 rounding between the norm and the summed gradient. An
    // example whose norm is not finite is dropped (c = 0, its rows zeroed) rather than poisoning
    // the whole release with NaN, which would make the outcome depend on that one record.
    const values = Float32Array.from(norms, (n) => clipFactor(clipNorm, n));
    if (norms.some((n) => !Number.isFinite(n))) zeroRows(records, norms);
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
