// 2-D convolution layer, NHWC, filter [kh, kw, cin, cout], PyTorch-style initialisation.
import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { uniformVariable } from './init.js';
import { traced, type ConvPadding, type Layer, type LinearOp } from './layer.js';

export interface Conv2dOptions {
  inChannels: number;
  filters: number;
  kernelSize: number;
  stride?: number;
  /** 'same', 'valid' or a symmetric number of zero rows/columns on each side. */
  padding?: 'same' | 'valid' | number;
  bias?: boolean;
}

export function toConvPadding(padding: Conv2dOptions['padding']): ConvPadding {
  if (padding === undefined || padding === 'valid') return 'valid';
  if (padding === 'same') return 'same';
  if (!Number.isInteger(padding) || padding < 0) throw new Error(`Conv padding must be 'same', 'valid' or a whole number >= 0, got ${padding}.`);
  return [padding, padding, padding, padding];
}

/** tfjs's form of the padding argument. */
export function tfPadding(pad: ConvPadding): 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]] {
  return typeof pad === 'string' ? pad : [[0, 0], [pad[0], pad[1]], [pad[2], pad[3]], [0, 0]];
}

export function conv2dLayer(options: Conv2dOptions, rng: Rng, name: string): Layer {
  const { inChannels, filters, kernelSize } = options;
  const stride = options.stride ?? 1;
  const pad = toConvPadding(options.padding);
  const bound = 1 / Math.sqrt(kernelSize * kernelSize * inChannels);
  const weight = uniformVariable([kernelSize, kernelSize, inChannels, filters], bound, rng, `${name}/w`);
  const bias = options.bias === false ? null : uniformVariable([filters], bound, rng, `${name}/b`);
  const op: LinearOp = { kind: 'conv2d', weight, bias, strides: [stride, stride], pad };
  return {
    spec: { type: 'conv2d', inChannels, filters, kernelSize, stride, padding: options.padding ?? 'valid', bias: bias !== null },
    params: bias ? [weight, bias] : [weight],
    apply(x, trace) {
      const z = tf.conv2d(x as tf.Tensor4D, weight as tf.Tensor4D, stride, tfPadding(pad));
      return traced(trace, op, x, bias ? tf.add(z, bias) : z);
    },
  };
}
