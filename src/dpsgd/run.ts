// One DP-SGD run of any traced network with a given noise multiplier: Adam, Poisson batches with
// rate q = batchSize / releasedCount, every step accounted in the ledger before the first.
import * as tf from '../engine/tf.js';
import type { Ledger } from '../privacy/ledger.js';
import type { LabelledData } from './dataset.js';
import { makePrivate } from './make-private.js';
import type { Network, PerExampleLoss } from './network.js';
import { trainPrivately } from './train.js';

export interface DpSgdRun {
  readonly epochs: number;
  /** Expected (Poisson) batch size. */
  readonly batchSize: number;
  /** Adam's step size. */
  readonly learningRate: number;
  /** Per-example clipping norm C. */
  readonly clip: number;
  readonly noiseMultiplier: number;
  readonly delta: number;
  /** The record count for q = batchSize / count: public or already released, never the exact private one. */
  readonly releasedCount: number;
  readonly ledger?: Ledger;
  readonly label: string;
  readonly loss?: PerExampleLoss;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Trains `net` in place with DP-SGD (Adam) on `data`. */
export async function trainWithDpSgd(net: Network, data: LabelledData, o: DpSgdRun): Promise<void> {
  const adam = tf.train.adam(o.learningRate);
  let opt: ReturnType<typeof makePrivate>;
  try {
    opt = makePrivate({
    model: net, optimizer: adam, maxGradNorm: o.clip, noiseMultiplier: o.noiseMultiplier, delta: o.delta,
    sampleRate: Math.min(1, o.batchSize / o.releasedCount), epochs: o.epochs, datasetSize: data.labels.length,
    expectedBatchSize: o.batchSize, ...(o.ledger ? { ledger: o.ledger } : {}), label: o.label, ...(o.loss ? { loss: o.loss } : {}),
    });
  } catch (error) {
    adam.dispose();
    throw error;
  }
  try {
    await trainPrivately(data, opt, { ...(o.onProgress ? { onStep: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  } finally {
    opt.close();
    adam.dispose();
  }
}
