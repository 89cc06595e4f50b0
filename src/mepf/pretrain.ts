// Non-private pre-training of DP-MEPF's encoder on PUBLIC labelled images (softmax cross-entropy,
// Adam, shuffled minibatches, seeded). Never pass private data here: nothing is accounted.
import * as tf from '../engine/tf.js';
import { createRng } from '../engine/random/seeded-rng.js';
import { exampleCount, sliceBatch, type LabelledData } from '../dpsgd/dataset.js';
import { softmaxCrossEntropy } from '../dpsgd/network.js';
import { trainNonPrivately } from '../dpsgd/train.js';
import { UserError } from '../errors.js';
import { buildEncoder, defaultEncoderArchitecture, encoderArchitectureProblem, encoderChannelsError, tooManyStages, type Encoder, type EncoderArchitecture } from './encoder.js';
import { encoderToFile, type EncoderFile, type PublicDataRecord } from './encoder-file.js';

export interface PretrainEncoderOptions {
  /** Public images scaled pixel/127.5 − 1 (readLabelledImages' default scaling), labels 0..C−1. */
  data: LabelledData;
  /** Name of the public dataset, recorded in the file (e.g. "fashion-mnist train"). */
  publicName: string;
  /** Default: defaultEncoderArchitecture (channels 32/64/128, 3×3 kernels) for the data's image shape and classes. */
  architecture?: EncoderArchitecture;
  /** Filters of each stage of the default architecture (instead of 32/64/128); not with `architecture`. */
  channels?: readonly number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export const DEFAULT_PRETRAINING = { epochs: 3, batchSize: 128, learningRate: 1e-3, seed: 1 } as const;

export interface PretrainedEncoder {
  encoder: Encoder;
  file: EncoderFile;
  /** Mean training cross-entropy before and after training. */
  loss: { before: number; after: number };
}

/** Mean softmax cross-entropy of the encoder's logits over `data`. */
export function meanLoss(encoder: Encoder, data: LabelledData, batchSize = 500): number {
  const n = exampleCount(data);
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const { x, y } = sliceBatch(data, start, Math.min(n, start + batchSize));
    total += tf.tidy(() => tf.sum(softmaxCrossEntropy(encoder.apply(x, null, false), y)).dataSync()[0]!);
    tf.dispose([x, y]);
  }
  return total / n;
}

export async function pretrainEncoder(o: PretrainEncoderOptions): Promise<PretrainedEncoder> {
  const { data } = o;
  if (data.exampleShape.length !== 3) throw new UserError(`The public images have example shape [${data.exampleShape}]; the encoder needs images [height, width, channels].`);
  if (exampleCount(data) < 1) throw new UserError('The public image set is empty; pass public images to pre-train the encoder on.');
  if (o.channels !== undefined) {
    if (o.architecture) throw new Error('Give pretrainEncoder an architecture or channels, not both.');
    const bad = encoderChannelsError(o.channels, o.channels.join(','));
    if (bad) throw bad;
  }
  const architecture = o.architecture ?? defaultEncoderArchitecture(data.exampleShape as [number, number, number], data.classes, o.channels);
  const problem = encoderArchitectureProblem(architecture);
  // The hint only where --channels caused the problem (not, say, for a one-class image set).
  const hint = o.channels && tooManyStages(architecture) ? ' (each stage after the first halves the image: give --channels fewer stages)' : '';
  if (problem) throw new UserError(`The encoder cannot be built: ${problem}${hint}.`);
  if (architecture.inputShape.join(',') !== data.exampleShape.join(',') || architecture.classes !== data.classes) {
    throw new UserError(`The public images are [${data.exampleShape}] with ${data.classes} classes but the encoder expects [${architecture.inputShape}] with ${architecture.classes}.`);
  }
  const epochs = o.epochs ?? DEFAULT_PRETRAINING.epochs;
  const batchSize = o.batchSize ?? DEFAULT_PRETRAINING.batchSize;
  const learningRate = o.learningRate ?? DEFAULT_PRETRAINING.learningRate;
  const seed = o.seed ?? DEFAULT_PRETRAINING.seed;
  const encoder = buildEncoder(architecture, seed);
  try {
    const before = meanLoss(encoder, data);
    const adam = tf.train.adam(learningRate);
    try {
      await trainNonPrivately(encoder, data, adam, {
        epochs, batchSize, rng: createRng(seed ^ 0x9e3779b9),
        ...(o.onProgress ? { onStep: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}),
      });
    } finally {
      adam.dispose();
    }
    const after = meanLoss(encoder, data);
    const publicData: PublicDataRecord = { name: o.publicName, images: exampleCount(data), classes: data.classes };
    const training = { optimizer: 'adam', epochs, batchSize, learningRate, seed, loss: 'softmax cross-entropy', trainLossBefore: before, trainLossAfter: after };
    return { encoder, file: encoderToFile(encoder, publicData, training), loss: { before, after } };
  } catch (error) {
    encoder.dispose();
    throw error;
  }
}
