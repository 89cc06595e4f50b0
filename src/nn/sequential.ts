// A network as a list of layers applied in order.
import type * as tf from '../engine/tf.js';
import type { Layer, LayerSpec, Trace } from './layer.js';

export interface Sequential {
  readonly layers: readonly Layer[];
  readonly params: readonly tf.Variable[];
  readonly specs: readonly LayerSpec[];
  apply(x: tf.Tensor, trace: Trace | null, training: boolean): tf.Tensor;
}

export function sequential(layers: readonly Layer[]): Sequential {
  return {
    layers,
    params: layers.flatMap((l) => l.params),
    specs: layers.map((l) => l.spec),
    apply(x, trace, training) {
      let h = x;
      for (const layer of layers) h = layer.apply(h, trace, training);
      return h;
    },
  };
}
