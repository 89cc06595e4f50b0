// The architectures `privkit train` offers, built from a serialisable description so a saved
// model can be rebuilt before its weights are loaded.
import { createRng } from '../engine/random/seeded-rng.js';
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
