// Which units of a classifier can be pruned: the outputs (conv channels, dense neurons) of every
// conv2d or dense layer but the last, whose outputs are the classes. A pruned network is rebuilt
// through the model registry, so the architecture must name each prunable layer's width.
import { UserError } from '../errors.js';
import { portableName } from '../nn/model-file.js';
import { LENET_WIDTHS, type Architecture, type Classifier } from '../nn/models.js';

export interface PrunableLayer {
  /** Position among the prunable layers (0 = first). */
  readonly index: number;
  /** Position in model.layers. */
  readonly position: number;
  readonly kind: 'conv2d' | 'dense';
  /** The layer's portable name, e.g. "conv1". */
  readonly name: string;
  /** Channels (conv) or neurons (dense). */
  readonly units: number;
}

// Layers allowed between linear layers. A removed unit must equal a unit whose pre-activation is
// zero, so activations need f(0) = 0 (sigmoid does not qualify); pooling and flattening keep zeros.
const ZERO_PRESERVING = new Set(['relu', 'tanh', 'gelu', 'silu']);
const PASS_THROUGH = new Set(['maxPool', 'avgPool', 'flatten']);

/** The widths of the prunable layers, in order. */
export function prunableWidths(architecture: Architecture): number[] {
  if (architecture.kind === 'lenet') return [...(architecture.widths ?? LENET_WIDTHS)];
  if (architecture.kind === 'mlp') return [...architecture.hidden];
  throw new UserError(`Pruning works on 'lenet' and 'mlp' models; this model is a '${architecture.kind}' one (train it with a LeNet or MLP architecture).`);
}

/** The same architecture with other prunable widths (e.g. the units kept). */
export function withWidths(architecture: Architecture, widths: readonly number[]): Architecture {
  const current = prunableWidths(architecture);
  if (widths.length !== current.length) throw new Error(`Expected ${current.length} widths, got ${widths.length}.`);
  widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1 || w > current[i]!) throw new UserError(`Layer ${i + 1} can keep 1 to ${current[i]} units, not ${w}.`);
  });
  if (architecture.kind === 'lenet') return { ...architecture, widths: [widths[0]!, widths[1]!, widths[2]!, widths[3]!] };
  if (architecture.kind === 'mlp') return { ...architecture, hidden: [...widths] };
  throw new Error('unreachable: prunableWidths accepted the architecture');
}

/** The prunable layers of a model, after checking that the layers between them keep zeros. */
export function prunableLayers(model: Classifier): PrunableLayer[] {
  const linear: PrunableLayer[] = [];
  model.layers.forEach((layer, position) => {
    const type = layer.spec.type;
    if (type === 'conv2d' || type === 'dense') {
      const units = layer.params[0]!.shape.at(-1)!;
      const name = portableName(layer.params[0]!.name).replace(/\/w$/, '');
      linear.push({ index: linear.length, position, kind: type, name, units });
    } else if (type === 'activation') {
      const fn = String(layer.spec['name']);
      if (!ZERO_PRESERVING.has(fn)) throw new UserError(`Pruning needs activations with f(0) = 0 (relu, tanh, gelu, silu); this model uses ${fn}.`);
    } else if (!PASS_THROUGH.has(type)) {
      throw new UserError(`Pruning does not support '${type}' layers.`);
    }
  });
  if (linear.length < 2) throw new UserError('The model has no hidden layer to prune.');
  return linear.slice(0, -1);
}

/** The prunable layer `index`, or a clear error. */
export function prunableLayer(model: Classifier, index: number): PrunableLayer {
  const layers = prunableLayers(model);
  const layer = layers[index];
  if (!layer) throw new UserError(`Layer ${index} is not prunable; the model has prunable layers 0 to ${layers.length - 1} (${layers.map((l) => l.name).join(', ')}).`);
  return layer;
}
