// DP-MEPF's public encoder at CPU scale (method card §5.1, §9): a small convolutional classifier
//   conv 3×3 c₁ (ReLU) → max-pool 2 → conv 3×3 c₂ (ReLU) → max-pool 2 → … → conv 3×3 c_L (ReLU)
//   → flatten → dense to the classes,
// 'same' padding, default channels 32/64/128 (28×28 → 14×14 → 7×7; 43,904 post-ReLU features).
// It is trained non-privately on public images only; DP-MEPF then reads its intermediate
// activation maps ("taps") at full resolution as a feature map (src/features/perceptual.ts).
// Built from privkit's own layers, so it is a plain Sequential network (trainNonPrivately works).
import * as tf from '../engine/tf.js';
import { createRng } from '../engine/random/seeded-rng.js';
import { UserError } from '../errors.js';
import { activationLayer, flattenLayer, maxPoolLayer } from '../nn/activation.js';
import { conv2dLayer } from '../nn/conv2d.js';
import { denseLayer } from '../nn/dense.js';
import { uniquePrefix } from '../nn/init.js';
import type { Layer } from '../nn/layer.js';
import { sequential, type Sequential } from '../nn/sequential.js';

export interface EncoderArchitecture {
  kind: 'mepf-cnn';
  /** [height, width, channels]; height and width divisible by 2^(stages − 1). */
  inputShape: [number, number, number];
  /** Filters of each conv stage (a 2×2 max-pool sits between consecutive stages). */
  channels: number[];
  kernelSize: number;
  classes: number;
}

/**
 * Where features can be read: `relu<k>` is the post-ReLU output of conv stage k (1-based, before
 * its pool; never negative), `logits` the classifier output (either sign).
 */
export type EncoderTap = `relu${number}` | 'logits';

export interface Encoder extends Sequential {
  readonly architecture: EncoderArchitecture;
  /** Every tap, in network order. */
  readonly taps: readonly EncoderTap[];
  /** Shape [h, w, c] (or [classes]) of one example's activation at a tap. */
  tapShape(tap: EncoderTap): number[];
  /** The activations at `taps` (network order kept as given) for a prepared input [n, h, w, c]. */
  activations(input: tf.Tensor4D, taps: readonly EncoderTap[]): tf.Tensor[];
  dispose(): void;
}

export const DEFAULT_ENCODER_CHANNELS: readonly number[] = [32, 64, 128];
/** Most filters of one stage (a bound on memory and time, far above what a CPU trains in minutes). */
export const MAX_ENCODER_CHANNELS = 1024;

export function defaultEncoderArchitecture(inputShape: [number, number, number], classes: number, channels: readonly number[] = DEFAULT_ENCODER_CHANNELS): EncoderArchitecture {
  return { kind: 'mepf-cnn', inputShape, channels: [...channels], kernelSize: 3, classes };
}

/** One rule for the stage filters, wherever they come from (a command line or an encoder file). */
function validStageChannels(channels: unknown): boolean {
  return Array.isArray(channels) && channels.length >= 1 && channels.every((c) => Number.isInteger(c) && c >= 1 && c <= MAX_ENCODER_CHANNELS);
}

/** The one sentence for a bad list of stage filters (`privkit pretrain encoder --channels`, `got` as typed), or null when it is fine. */
export function encoderChannelsError(channels: readonly number[] | null, got: string): UserError | null {
  if (validStageChannels(channels)) return null;
  return new UserError(`--channels must be whole numbers from 1 to ${MAX_ENCODER_CHANNELS} separated by commas, one per stage, e.g. 32,64,128; got '${got}'.`);
}

/** A one-sentence reason the architecture cannot be built, or null. */
export function encoderArchitectureProblem(a: EncoderArchitecture): string | null {
  const whole = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
  if (a.kind !== 'mepf-cnn') return `the encoder kind is ${JSON.stringify(a.kind)}, not "mepf-cnn"`;
  if (!Array.isArray(a.inputShape) || a.inputShape.length !== 3 || !a.inputShape.every((v) => whole(v, 1))) return 'the input shape must be three whole numbers [height, width, channels]';
  if (!validStageChannels(a.channels)) return `the stage channels must be a non-empty list of whole numbers from 1 to ${MAX_ENCODER_CHANNELS}`;
  if (!whole(a.kernelSize, 1) || a.kernelSize % 2 !== 1) return 'the kernel size must be an odd whole number';
  if (!whole(a.classes, 2)) return 'the number of classes must be a whole number ≥ 2';
  if (tooManyStages(a)) return `an encoder with ${a.channels.length} stages needs a height and width divisible by ${2 ** (a.channels.length - 1)}, got ${a.inputShape[0]}×${a.inputShape[1]}`;
  return null;
}

/** Each stage after the first halves the image: true when the height or width does not allow that many. */
export function tooManyStages(a: Pick<EncoderArchitecture, 'inputShape' | 'channels'>): boolean {
  const factor = 2 ** (a.channels.length - 1);
  return a.inputShape[0] % factor !== 0 || a.inputShape[1] % factor !== 0;
}

export function buildEncoder(architecture: EncoderArchitecture, seed: number): Encoder {
  const problem = encoderArchitectureProblem(architecture);
  if (problem) throw new Error(`Cannot build the encoder: ${problem}.`);
  const rng = createRng(seed);
  const name = uniquePrefix('encoder');
  const [height, width, inChannels] = architecture.inputShape;
  const { channels, kernelSize, classes } = architecture;
  const layers: Layer[] = [];
  const tapAfter = new Map<EncoderTap, number>(); // tap → index of the layer whose output it is
  const shapes = new Map<EncoderTap, number[]>();
  let cin = inChannels, h = height, w = width;
  channels.forEach((filters, s) => {
    if (s > 0) { layers.push(maxPoolLayer(2, 2)); h /= 2; w /= 2; }
    layers.push(conv2dLayer({ inChannels: cin, filters, kernelSize, padding: 'same' }, rng, `${name}/conv${s + 1}`), activationLayer('relu'));
    const tap: EncoderTap = `relu${s + 1}`;
    tapAfter.set(tap, layers.length - 1);
    shapes.set(tap, [h, w, filters]);
    cin = filters;
  });
  layers.push(flattenLayer(), denseLayer(h * w * cin, classes, rng, `${name}/out`));
  tapAfter.set('logits', layers.length - 1);
  shapes.set('logits', [classes]);
  const net = sequential(layers);
  const taps = [...tapAfter.keys()];
  const indexOf = (tap: EncoderTap): number => {
    const i = tapAfter.get(tap);
    if (i === undefined) throw new Error(`The encoder has no tap "${tap}"; it has ${taps.join(', ')}.`);
    return i;
  };
  return {
    ...net,
    architecture,
    taps,
    tapShape: (tap) => [...shapes.get(tap) ?? (indexOf(tap), [])],
    activations(input, wanted) {
      const at = wanted.map(indexOf);
      const last = Math.max(...at);
      const out = new Map<number, tf.Tensor>();
      let x: tf.Tensor = input;
      for (let i = 0; i <= last; i++) {
        x = layers[i]!.apply(x, null, false);
        if (at.includes(i)) out.set(i, x);
      }
      return at.map((i) => out.get(i)!);
    },
    dispose: () => tf.dispose([...net.params]),
  };
}
