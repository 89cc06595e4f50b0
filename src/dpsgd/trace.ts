// A trace that records, for every linear op of one forward pass, the op's input and (after the
// backward pass) the gradient of the summed loss with respect to the op's output. Because the
// loss is a sum of per-example losses and examples do not interact, row i of that gradient is
// example i's own.
//
// Each op output passes through a custom-gradient identity whose second input is a shared scalar
// probe. Differentiating with respect to the probe makes tfjs walk back through every recorded op
// (capturing its output gradient) while skipping every weight gradient and the input gradient of
// the first layer: tfjs only computes gradients on paths from the probe to the loss.
import * as tf from '../engine/tf.js';
import type { LinearOp, Trace } from '../nn/layer.js';

export interface OpRecord {
  readonly op: LinearOp;
  readonly input: tf.Tensor;
  gradOut: tf.Tensor | null;
}

export interface RecordingTrace extends Trace {
  readonly records: OpRecord[];
  dispose(): void;
}

export function recordingTrace(probe: tf.Scalar): RecordingTrace {
  const records: OpRecord[] = [];
  return {
    records,
    linear(op, input, z) {
      // A clone, so that disposing the record never frees the caller's tensor.
      const record: OpRecord = { op, input: tf.keep(tf.clone(input)), gradOut: null };
      records.push(record);
      const capture = tf.customGrad(((value: tf.Tensor, p: tf.Tensor) => ({
        value: tf.clone(value),
        gradFunc: (dy: tf.Tensor) => {
          record.gradOut = tf.keep(tf.clone(dy));
          return [dy, tf.zerosLike(p)];
        },
      })) as unknown as Parameters<typeof tf.customGrad>[0]);
      return capture(z, probe);
    },
    dispose() {
      for (const r of records) {
        r.input.dispose();
        r.gradOut?.dispose();
      }
      records.length = 0;
    },
  };
}
