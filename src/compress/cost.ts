// Parameter count and multiply-adds per example of a conv/dense network, from its layer specs.
// Convention: one multiply-add (MAC) counts once; biases count as parameters but not as MACs;
// activations and pooling cost nothing. The result is exact for any network the registry builds.
import type { LayerSpec } from '../nn/layer.js';
import { buildClassifier, type Architecture } from '../nn/models.js';

export interface LayerCost {
  readonly type: 'conv2d' | 'dense';
  readonly params: number;
  readonly multiplyAdds: number;
}

export interface NetworkCost {
  readonly params: number;
  readonly multiplyAdds: number;
  /** The conv2d and dense layers, in order. */
  readonly layers: readonly LayerCost[];
}

function convOut(size: number, kernel: number, stride: number, padding: unknown): number {
  if (padding === 'same') return Math.ceil(size / stride);
  const pad = typeof padding === 'number' ? padding : 0;
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/** Cost of the layers `specs` applied to one example of shape `inputShape` ([h, w, c] or [n]). */
export function specsCost(specs: readonly LayerSpec[], inputShape: readonly number[]): NetworkCost {
  let shape = [...inputShape];
  const layers: LayerCost[] = [];
  for (const spec of specs) {
    if (spec.type === 'conv2d') {
      const [h, w, c] = shape as [number, number, number];
      const k = Number(spec['kernelSize']), stride = Number(spec['stride'] ?? 1), filters = Number(spec['filters']);
      const oh = convOut(h, k, stride, spec['padding']), ow = convOut(w, k, stride, spec['padding']);
      const weights = k * k * c * filters;
      layers.push({ type: 'conv2d', params: weights + (spec['bias'] === false ? 0 : filters), multiplyAdds: oh * ow * weights });
      shape = [oh, ow, filters];
    } else if (spec.type === 'dense') {
      const fanIn = shape.at(-1)!, units = Number(spec['units']);
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      layers.push({ type: 'dense', params: fanIn * units + (spec['bias'] === false ? 0 : units), multiplyAdds: rows * fanIn * units });
      shape = [...shape.slice(0, -1), units];
    } else if (spec.type === 'maxPool' || spec.type === 'avgPool') {
      const size = Number(spec['size']), stride = Number(spec['stride']);
      const [h, w, c] = shape as [number, number, number];
      shape = [Math.floor((h - size) / stride) + 1, Math.floor((w - size) / stride) + 1, c];
    } else if (spec.type === 'flatten') {
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if (spec.type !== 'activation') {
      throw new Error(`No cost rule for '${spec.type}' layers.`);
    }
  }
  return {
    params: layers.reduce((a, l) => a + l.params, 0),
    multiplyAdds: layers.reduce((a, l) => a + l.multiplyAdds, 0),
    layers,
  };
}

/** The shape of one input example of an architecture. */
export function inputShapeOf(architecture: Architecture): number[] {
  return 'inputShape' in architecture ? [...architecture.inputShape] : [architecture.inputSize];
}

/** Cost of an architecture (builds it once to read its layer specs, then frees the weights). */
export function architectureCost(architecture: Architecture): NetworkCost {
  const model = buildClassifier(architecture, 0);
  try {
    return specsCost(model.specs, inputShapeOf(architecture));
  } finally {
    model.params.forEach((p) => p.dispose());
  }
}
