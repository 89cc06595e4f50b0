// DP-HP's sum kernel over many coordinates (image pixels) as class sums in one SIMD kernel:
//   S[c] = Σ_{i: y_i = c} ψ(x_i),  ψ(x) = (1/√d)·[φ_k(x_p)]_{k ≤ order, p < d}   (‖ψ‖ ≤ 1)
// laid out [classes, order + 1, d]. Materialising ψ for a generated batch as tf tensors
// ([n, d, order + 1], then a class reduction) cost ~10× more per generator step than this kernel.
import * as tf from '../engine/tf.js';
import { hermiteClassSums, hermiteClassSumsGradient, type HermiteGeometry } from '../engine/kernels/simd-kernels.js';

export interface HermiteSumKernel {
  /** Coordinates per row. */
  dim: number;
  order: number;
  rho: number;
}

export function hermiteSumDim(k: HermiteSumKernel): number {
  return (k.order + 1) * k.dim;
}

function geometry(k: HermiteSumKernel, rows: number, classes: number): HermiteGeometry {
  return { rows, dim: k.dim, classes, order: k.order, rho: k.rho, scale: 1 / Math.sqrt(k.dim) };
}

/**
 * Adds Σ ψ(x_i) per class into `sums` ([classes, (order + 1)·dim]), each row first scaled onto the
 * unit ball (the privacy release needs ‖ψ(x)‖ ≤ 1 for every row, float rounding included).
 */
export function addHermiteClassSums(k: HermiteSumKernel, x: Float32Array, labels: Int32Array, classes: number, sums: Float32Array): void {
  if (x.length !== labels.length * k.dim) throw new Error(`expected ${labels.length} rows of ${k.dim} values, got ${x.length} values`);
  hermiteClassSums(x, labels, geometry(k, labels.length, classes), true, sums);
}

/**
 * Class sums [classes, (order + 1)·dim] of a batch x [n, dim] as a differentiable op (gradient w.r.t. x);
 * row i belongs to class labels[i]. Unprojected: for these features the norm is ≤ 1 already.
 */
export function hermiteClassSumsOp(k: HermiteSumKernel, x: tf.Tensor2D, labels: Int32Array, classes: number): tf.Tensor2D {
  const rows = x.shape[0];
  const g = geometry(k, rows, classes);
  const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const values = input.dataSync() as Float32Array;
    const sums = new Float32Array(classes * hermiteSumDim(k));
    hermiteClassSums(values, labels, g, false, sums);
    save([input]);
    return {
      value: tf.tensor2d(sums, [classes, hermiteSumDim(k)]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dx = hermiteClassSumsGradient(saved[0]!.dataSync() as Float32Array, labels, g, dy.dataSync() as Float32Array);
        return tf.tensor2d(dx, [rows, k.dim]);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}
