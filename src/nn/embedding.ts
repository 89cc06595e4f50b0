// Token embedding: integer ids [B, T] → rows of a [vocab, width] table, [B, T, width].
import * as tf from '../engine/tf.js';
import { fillNormal, type Rng } from '../engine/random/seeded-rng.js';
import { variableFrom } from './init.js';
import { traced, type Layer, type LinearOp } from './layer.js';

export function embeddingLayer(vocab: number, width: number, rng: Rng, name: string): Layer {
  // N(0, 1) as PyTorch's nn.Embedding: there is no fan-in to scale by (each output is one row),
  // and the following layers (norms, attention projections) expect unit-scale features.
  const init = new Float32Array(vocab * width);
  fillNormal(init, rng);
  const weight = variableFrom(tf.tensor2d(init, [vocab, width]), `${name}/w`);
  const op: LinearOp = { kind: 'embedding', weight };
  return {
    spec: { type: 'embedding', vocab, width },
    params: [weight],
    apply(ids, trace) {
      // Ids may arrive as floats holding integers (datasets are float32); gather needs int32
      // (and refuses ids outside [0, vocab)).
      const index = ids.dtype === 'int32' ? ids : tf.cast(ids, 'int32');
      // The ids are the op's input (the embedding rule groups positions by token); record the
      // int32 ones gather used, so a non-integer float cannot be grouped apart from its row.
      return traced(trace, op, index, tf.gather(weight, index));
    },
  };
}
