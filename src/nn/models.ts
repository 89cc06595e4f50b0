// The architectures `privkit train` offers, built from a serialisable description so a saved
// model can be rebuilt before its weights are loaded.
import { createRng, type Rng } from '../engine/random/seeded-rng.js';
import { UserError } from '../errors.js';
import { activationLayer, flattenLayer, maxPoolLayer, type ActivationName } from './activation.js';
import { conv2dLayer } from './conv2d.js';
import { denseLayer } from './dense.js';
import { uniquePrefix } from './init.js';
import type { Layer } from './layer.js';
import { sequential, type Sequential } from './sequential.js';

export type Architecture =
  /** Papernot et al.'s tanh CNN, as used by Tramèr & Boneh (2021) for end-to-end DP-SGD on (Fashion-)MNIST. */
  | { kind: 'cnn'; inputShape: [number, number, number]; classes: number; activation?: ActivationName }
  | { kind: 'mlp'; inputSize: number; hidden: number[]; classes: number; activation?: ActivationName }
  /**
   * LeNet-5 as in Dirichlet pruning (conv 5×5 – pool – conv 5×5 – pool – fc – fc – classes, no
   * BatchNorm or dropout); `widths` [conv1, conv2, fc1, fc2] default to 10, 20, 100, 25 and shrink
   * when the network is pruned (src/compress/).
   */
  | { kind: 'lenet'; inputShape: [number, number, number]; classes: number; widths?: [number, number, number, number]; activation?: ActivationName }
  | { kind: 'logistic'; inputSize: number; classes: number };

export interface Classifier extends Sequential {
  readonly architecture: Architecture;
}

export function buildClassifier(architecture: Architecture, seed: number): Classifier {
  const rng = createRng(seed);
  const name = uniquePrefix(architecture.kind);
  const layers: Layer[] = [];
  if (architecture.kind === 'cnn') {
    const [height, width, channels] = architecture.inputShape;
    const act = architecture.activation ?? 'tanh';
    // conv 8×8/2 (pad 2) → pool 2/1 → conv 4×4/2 → pool 2/1 → dense 32 → dense classes
    const h1 = Math.floor((height + 4 - 8) / 2) + 1 - 1, w1 = Math.floor((width + 4 - 8) / 2) + 1 - 1;
    const h2 = Math.floor((h1 - 4) / 2) + 1 - 1, w2 = Math.floor((w1 - 4) / 2) + 1 - 1;
    if (h2 < 1 || w2 < 1) throw new Error(`The default CNN needs images of at least 16×16 pixels, got ${height}×${width}.`);
    layers.push(
      conv2dLayer({ inChannels: channels, filters: 16, kernelSize: 8, stride: 2, padding: 2 }, rng, `${name}/conv1`),
      activationLayer(act), maxPoolLayer(2, 1),
      conv2dLayer({ inChannels: 16, filters: 32, kernelSize: 4, stride: 2 }, rng, `${name}/conv2`),
      activationLayer(act), maxPoolLayer(2, 1),
      flattenLayer(),
      denseLayer(h2 * w2 * 32, 32, rng, `${name}/dense1`), activationLayer(act),
      denseLayer(32, architecture.classes, rng, `${name}/out`),
    );
  } else if (architecture.kind === 'lenet') {
    layers.push(...lenetLayers(architecture, rng, name));
  } else if (architecture.kind === 'mlp') {
    let fanIn = architecture.inputSize;
    architecture.hidden.forEach((units, i) => {
      layers.push(denseLayer(fanIn, units, rng, `${name}/dense${i + 1}`), activationLayer(architecture.activation ?? 'relu'));
      fanIn = units;
    });
    layers.push(denseLayer(fanIn, architecture.classes, rng, `${name}/out`));
  } else {
    layers.push(denseLayer(architecture.inputSize, architecture.classes, rng, `${name}/out`));
  }
  return { ...sequential(layers), architecture };
}

export const LENET_WIDTHS: readonly [number, number, number, number] = [10, 20, 100, 25];

// conv 5×5 → act → pool 2 → conv 5×5 → act → pool 2 → flatten → fc → act → fc → act → classes.
// The activation comes before the pool (equal to pool-then-act for monotone activations).
function lenetLayers(a: Extract<Architecture, { kind: 'lenet' }>, rng: Rng, name: string): Layer[] {
  const [height, width, channels] = a.inputShape;
  const [c1, c2, f1, f2] = a.widths ?? LENET_WIDTHS;
  const act = a.activation ?? 'relu';
  const h2 = Math.floor((Math.floor((height - 4) / 2) - 4) / 2), w2 = Math.floor((Math.floor((width - 4) / 2) - 4) / 2);
  if (h2 < 1 || w2 < 1) throw new UserError(`LeNet needs images of at least 16×16 pixels, got ${height}×${width}; use --model cnn or mlp for smaller images.`);
  return [
    conv2dLayer({ inChannels: channels, filters: c1, kernelSize: 5 }, rng, `${name}/conv1`), activationLayer(act), maxPoolLayer(2, 2),
    conv2dLayer({ inChannels: c1, filters: c2, kernelSize: 5 }, rng, `${name}/conv2`), activationLayer(act), maxPoolLayer(2, 2),
    flattenLayer(),
    denseLayer(h2 * w2 * c2, f1, rng, `${name}/fc1`), activationLayer(act),
    denseLayer(f1, f2, rng, `${name}/fc2`), activationLayer(act),
    denseLayer(f2, a.classes, rng, `${name}/out`),
  ];
}
