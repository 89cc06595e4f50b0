// Embedding tables: example i's gradient is Σ_t e(id_t) g_tᵀ, so its squared norm is
// Σ_{t,t'} [id_t = id_t'] ⟨g_t, g_t'⟩: only positions that share a token interact, and the
// gradient (vocabulary × width per example) is never formed. A mask on the table (pruning,
// gradient dropping) multiplies each group's summed gradient by the mask row of its token.
import * as tf from '../../engine/tf.js';
import type { OpRecord } from '../trace.js';
import type { PerExampleRule } from './rule.js';

type EmbeddingOp = Extract<OpRecord['op'], { kind: 'embedding' }>;

function parts(record: OpRecord): { op: EmbeddingOp; ids: tf.Tensor; g: tf.Tensor } {
  if (record.op.kind !== 'embedding' || !record.gradOut) throw new Error('embedding rule applied to a record without an output gradient');
  return { op: record.op, ids: record.input, g: record.gradOut };
}

export const embeddingRule: PerExampleRule = {
  addSquaredNorms(record, masks, sq) {
    const { op, ids, g } = parts(record);
    const mask = masks.get(op.weight)?.dataSync() ?? null;
    const batch = ids.shape[0]!, width = op.weight.shape[1]!;
    const positions = ids.size / batch;
    const idv = ids.dataSync(), gv = g.dataSync();
    for (let i = 0; i < batch; i++) {
      // Group this example's positions by token, sum each group's gradients, add the squares.
      const groups = new Map<number, Float64Array>();
      for (let t = 0; t < positions; t++) {
        const id = idv[i * positions + t]!;
        let acc = groups.get(id);
        if (!acc) { acc = new Float64Array(width); groups.set(id, acc); }
        const base = (i * positions + t) * width;
        for (let j = 0; j < width; j++) acc[j]! += gv[base + j]!;
      }
      let total = 0;
      for (const [id, acc] of groups) {
        const row = id * width;
        for (let j = 0; j < width; j++) {
          const v = mask ? acc[j]! * mask[row + j]! : acc[j]!;
          total += v * v;
        }
      }
      sq[i]! += total;
    }
  },
  clippedSums(record, clip, masks) {
    const { op, ids, g } = parts(record);
    return tf.tidy(() => {
      const batch = ids.shape[0]!, width = op.weight.shape[1]!;
      const scaled = tf.mul(tf.reshape(g, [batch, -1, width]), tf.reshape(clip.tensor, [batch, 1, 1]));
      const rows = tf.reshape(scaled, [-1, width]);
      let sum: tf.Tensor = tf.unsortedSegmentSum(rows, tf.cast(tf.reshape(ids, [-1]), 'int32') as tf.Tensor1D, op.weight.shape[0]!);
      const mask = masks.get(op.weight);
      if (mask) sum = tf.mul(sum, mask);
      const out: Array<[tf.Variable, tf.Tensor]> = [[op.weight, tf.keep(sum)]];
      return out;
    });
  },
};
