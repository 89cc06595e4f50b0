// Pre-pruning (parameter freezing) and gradient dropping (parameter selection): which coordinates
// DP-SGD updates and noises. Selections depend only on public data, fresh randomness or earlier DP
// outputs, so they cost no privacy (card: dp-sgd-pruning.md §3.3). Masks cover weight tensors
// (dense and conv kernels, embedding tables: every parameter of rank ≥ 2); biases and
// normalisation parameters, under 1% of a model, stay trained.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import type { ParamMasks } from './per-example/index.js';

export type SelectionMode = 'random' | 'magnitude';

/** Parameters that masks apply to. */
export function maskable(params: readonly tf.Variable[]): tf.Variable[] {
  return params.filter((p) => p.rank >= 2);
}

/** Indices of the `keep` largest |scores|, or `keep` uniformly random indices when scores are null. */
export function selectCoordinates(size: number, keep: number, scores: ArrayLike<number> | null, rng: Rng): Int32Array {
  if (scores) return largestMagnitudes(size, keep, scores);
  const order = Int32Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < keep; i++) { // partial Fisher–Yates
    const j = i + Math.floor(rng.uniform() * (size - i));
    const t = order[i]!; order[i] = order[j]!; order[j] = t;
  }
  return order.slice(0, keep).sort();
}

/**
 * Indices (ascending) of the `keep` largest |scores|, ties to the lower index: the threshold comes
 * from a native numeric sort of the magnitudes (no comparator), then one pass picks the indices.
 */
function largestMagnitudes(size: number, keep: number, scores: ArrayLike<number>): Int32Array {
  if (keep <= 0) return new Int32Array(0);
  const magnitudes = Float64Array.from({ length: size }, (_, i) => Math.abs(scores[i]!));
  const threshold = Float64Array.from(magnitudes).sort()[size - keep]!;
  let above = 0;
  for (const m of magnitudes) if (m > threshold) above++;
  let ties = keep - above;
  const out = new Int32Array(keep);
  let n = 0;
  for (let i = 0; i < size; i++) {
    const m = magnitudes[i]!;
    if (m > threshold || (m === threshold && ties-- > 0)) out[n++] = i;
  }
  return out;
}

export function keepCount(size: number, rate: number): number {
  if (!(rate >= 0 && rate < 1)) throw new Error(`A pruning or dropping rate must be in [0, 1), got ${rate}.`);
  return Math.max(1, Math.round((1 - rate) * size));
}

function maskFrom(shape: number[], size: number, kept: Int32Array): tf.Tensor {
  const m = new Float32Array(size);
  for (const i of kept) m[i] = 1;
  return tf.tensor(m, shape, 'float32');
}

/**
 * Layer-wise pre-pruning masks: in every weight tensor keep the (1 − rate) fraction with the
 * largest magnitude in `reference` (a model fitted to public data), or a random subset.
 */
export function prePruningMasks(
  params: readonly tf.Variable[], rate: number, mode: SelectionMode, rng: Rng, reference?: ReadonlyMap<tf.Variable, Float32Array>,
): Map<tf.Variable, tf.Tensor> {
  const masks = new Map<tf.Variable, tf.Tensor>();
  for (const p of maskable(params)) {
    const scores = mode === 'magnitude' ? reference?.get(p) : null;
    if (mode === 'magnitude' && !scores) throw new Error(`Magnitude pruning needs reference weights for ${p.name} (a model trained on public data).`);
    masks.set(p, maskFrom(p.shape, p.size, selectCoordinates(p.size, keepCount(p.size, rate), scores ?? null, rng)));
  }
  return masks;
}

/** Sets pruned coordinates to 0 (pruning) — the alternative, freezing, leaves them as they are. */
export function zeroPruned(masks: ParamMasks): void {
  for (const [p, m] of masks) {
    const pruned = tf.mul(p, m);
    p.assign(pruned);
    pruned.dispose(); // assign shares the storage; the tensor object must go
  }
}

/** Picks the coordinates updated at one step, within the pre-pruning masks. */
export interface GradientDropper {
  /** Fraction of each weight tensor's trainable coordinates left out at every step. */
  readonly rate: number;
  select(prune: ParamMasks): Map<tf.Variable, tf.Tensor>;
}

/**
 * Gradient dropping: each step keeps (1 − rate) of every weight tensor's trainable coordinates,
 * uniformly at random (mode 'random') or those with the largest public-data gradient at the current
 * parameters (`publicGradient`, mode 'public').
 */
export function gradientDropper(
  params: readonly tf.Variable[], rate: number, mode: 'random' | 'public', rng: Rng,
  publicGradient?: () => ReadonlyMap<tf.Variable, Float32Array>,
): GradientDropper {
  if (mode === 'public' && !publicGradient) throw new Error('Gradient dropping by public gradients needs public data.');
  keepCount(1, rate); // validates the rate
  const select = (prune: ParamMasks): Map<tf.Variable, tf.Tensor> => {
    const scores = mode === 'public' ? publicGradient!() : null;
    const masks = new Map<tf.Variable, tf.Tensor>();
    for (const p of maskable(params)) {
      const pruneMask = prune.get(p);
      const allowed = pruneMask ? pruneMask.dataSync() : null;
      const candidates: number[] = [];
      for (let i = 0; i < p.size; i++) if (!allowed || allowed[i] === 1) candidates.push(i);
      const g = scores?.get(p);
      const candidateScores = g ? candidates.map((i) => g[i]!) : null;
      const picked = selectCoordinates(candidates.length, keepCount(candidates.length, rate), candidateScores, rng);
      masks.set(p, maskFrom(p.shape, p.size, Int32Array.from(picked, (k) => candidates[k]!)));
    }
    return masks;
  };
  return { rate, select };
}
