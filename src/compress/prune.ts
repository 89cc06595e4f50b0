// Structured pruning: a genuinely smaller network with only the kept units of each prunable layer.
// A kept conv channel keeps its filter and bias, and the next layer keeps only the input weights
// of kept units (after a flatten, the rows of that channel at every spatial position, NHWC order).
import * as tf from '../engine/tf.js';
import { buildClassifier, type Classifier } from '../nn/models.js';
import { prunableLayers, withWidths, type PrunableLayer } from './family.js';
import type { UnitRanking } from './ranking.js';

/** The `keep[l]` best units of each layer by its ranking, in ascending unit order. */
export function keptUnits(rankings: readonly UnitRanking[], keep: readonly number[]): number[][] {
  if (rankings.length !== keep.length) throw new Error(`Got ${rankings.length} rankings for ${keep.length} keep counts.`);
  return rankings.map((r, l) => {
    const k = keep[l]!;
    if (!Number.isInteger(k) || k < 1 || k > r.order.length) throw new Error(`Layer ${r.name} can keep 1 to ${r.order.length} units, not ${k}.`);
    return r.order.slice(0, k).slice().sort((a, b) => a - b);
  });
}

function checkKept(layers: readonly PrunableLayer[], kept: readonly (readonly number[])[]): void {
  if (kept.length !== layers.length) throw new Error(`The model has ${layers.length} prunable layers, got kept units for ${kept.length}.`);
  layers.forEach((layer, l) => {
    const units = kept[l]!;
    if (units.length < 1 || new Set(units).size !== units.length || units.some((u, i) => !Number.isInteger(u) || u < 0 || u >= layer.units || (i > 0 && u <= units[i - 1]!))) {
      throw new Error(`Kept units of ${layer.name} must be distinct, ascending and in 0..${layer.units - 1}.`);
    }
  });
}

/** Input indices of the next linear layer that read the kept units of a layer with `units` outputs. */
function inputIndices(keptPrev: readonly number[], units: number, fanIn: number): number[] {
  if (fanIn % units !== 0) throw new Error(`A layer with ${fanIn} inputs cannot follow one with ${units} units.`);
  const positions = fanIn / units;
  const out: number[] = [];
  for (let p = 0; p < positions; p++) for (const c of keptPrev) out.push(p * units + c);
  return out;
}

function gather(t: tf.Tensor, indices: readonly number[] | null, axis: number): tf.Tensor {
  if (indices === null) return tf.clone(t);
  const idx = tf.tensor1d(Int32Array.from(indices), 'int32');
  const out = tf.gather(t, idx, axis);
  idx.dispose();
  return out;
}

/**
 * The model with only the `kept` units (ascending indices per prunable layer), built through the
 * model registry (so it saves as an ordinary model file). The output layer is never pruned.
 */
export function pruneClassifier(model: Classifier, kept: readonly (readonly number[])[]): Classifier {
  const layers = prunableLayers(model);
  checkKept(layers, kept);
  const small = buildClassifier(withWidths(model.architecture, kept.map((k) => k.length)), 0);
  const linearPositions = [...layers.map((l) => l.position), model.layers.length - 1];
  linearPositions.forEach((position, j) => {
    const source = model.layers[position]!, target = small.layers[position]!;
    const [weight, bias] = source.params;
    const outKept = j < layers.length ? kept[j]! : null;
    const inKept = j > 0 ? inputIndices(kept[j - 1]!, layers[j - 1]!.units, weight!.shape.at(-2)!) : null;
    tf.tidy(() => {
      const rank = weight!.rank;
      const w = gather(gather(weight!, outKept, rank - 1), inKept, rank - 2);
      target.params[0]!.assign(w);
      if (bias) target.params[1]!.assign(gather(bias, outKept, 0));
    });
  });
  return small;
}

/**
 * The card's masking (step 6) in place: zero the weights and bias of removed units, so the model
 * computes what the pruned one does, at the original size.
 */
export function zeroRemovedUnits(model: Classifier, kept: readonly (readonly number[])[]): void {
  const layers = prunableLayers(model);
  checkKept(layers, kept);
  layers.forEach((layer, l) => {
    const mask = new Float32Array(layer.units);
    for (const u of kept[l]!) mask[u] = 1;
    tf.tidy(() => {
      const m = tf.tensor1d(mask);
      for (const p of model.layers[layer.position]!.params) p.assign(tf.mul(p, m));
    });
  });
}
