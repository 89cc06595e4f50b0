// tfjs faces of the Dirichlet machinery. tfjs has no Gamma sampler with a shape gradient and no
// lnΓ/ψ ops, so both ops compute value and gradient in float64 on the CPU (from the float32
// inputs) and hand float32 tensors back: D is a few hundred at most (channels, features), so this
// costs microseconds next to the layers the samples multiply.

import * as tf from '../engine/tf.js';
import type { Rng } from '../engine/random/seeded-rng.js';
import { drawDirichlet, dirichletVjp, sigmoid, softplus, type DirichletDraw } from './dirichlet.js';
import { klDirichlet, klDirichletGradAlpha, type DirichletPrior } from './kl.js';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/**
 * s ∼ Dir(softplus(θ)) over the last axis, with the implicit reparameterisation gradient in θ.
 * θ [D] gives one draw [D]; θ [D] with `draws` = n gives n independent draws [n, D] (their
 * gradients add up in θ); θ [n, D] gives one draw per row, [n, D].
 */
export function dirichletSample(theta: tf.Tensor1D, rng: Rng): tf.Tensor1D;
export function dirichletSample(theta: tf.Tensor1D, rng: Rng, draws: number): tf.Tensor2D;
export function dirichletSample(theta: tf.Tensor2D, rng: Rng): tf.Tensor2D;
export function dirichletSample(theta: tf.Tensor1D | tf.Tensor2D, rng: Rng, draws?: number): tf.Tensor1D | tf.Tensor2D {
  if (theta.rank !== 1 && theta.rank !== 2) throw new Error(`dirichletSample needs θ of rank 1 or 2, got rank ${theta.rank}.`);
  if (draws !== undefined && (theta.rank !== 1 || !Number.isInteger(draws) || draws < 1)) {
    throw new Error(`dirichletSample: draws must be a whole number >= 1 and needs a rank-1 θ, got ${draws} with rank ${theta.rank}.`);
  }
  const d = theta.shape[theta.rank - 1]!;
  const rows = theta.rank === 2 ? theta.shape[0]! : draws ?? 1;
  const outShape = theta.rank === 2 || draws !== undefined ? [rows, d] : [d];
  // softplus(θ) is 0 in float64 below θ ≈ −745, which a network's output can reach; such a component
  // gets a draw of 0 (and no gradient) from the floor instead of an invalid Dirichlet.
  const concentration = (t: number) => Math.max(softplus(t), 1e-300);
  const op = tf.customGrad(((t: tf.Tensor) => {
    const th = t.dataSync() as Float32Array;
    const sharedPhi = theta.rank === 1 ? Float64Array.from(th, concentration) : null;
    const taken: DirichletDraw[] = [];
    const out = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const phi = sharedPhi ?? Float64Array.from(th.subarray(r * d, (r + 1) * d), concentration);
      const draw = drawDirichlet(phi, rng);
      taken.push(draw);
      out.set(draw.sample, r * d);
    }
    return {
      value: tf.tensor(out, outShape),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const acc = new Float64Array(th.length);
        for (let r = 0; r < rows; r++) {
          const vjp = dirichletVjp(taken[r]!, g.subarray(r * d, (r + 1) * d));
          const base = theta.rank === 2 ? r * d : 0;
          for (let k = 0; k < d; k++) acc[base + k] = acc[base + k]! + vjp[k]!;
        }
        const grad = new Float32Array(th.length);
        for (let i = 0; i < th.length; i++) grad[i] = acc[i]! * sigmoid(th[i]!); // dφ/dθ = σ(θ)
        return tf.tensor(grad, t.shape);
      },
    };
  }) as unknown as CustomGradFn);
  return op(theta) as tf.Tensor1D | tf.Tensor2D;
}

function priorValues(beta: DirichletPrior | tf.Tensor1D): DirichletPrior {
  return beta instanceof tf.Tensor ? Float64Array.from(beta.dataSync()) : beta;
}

/**
 * KL(Dir(α) ‖ Dir(β)) with its gradient in α (β is held constant): α [D] gives a scalar, α [n, D]
 * one KL per row, [n]. β: a number (symmetric prior), D concentrations, or a rank-1 tensor.
 */
export function dirichletKl(alpha: tf.Tensor1D, beta: DirichletPrior | tf.Tensor1D): tf.Scalar;
export function dirichletKl(alpha: tf.Tensor2D, beta: DirichletPrior | tf.Tensor1D): tf.Tensor1D;
export function dirichletKl(alpha: tf.Tensor1D | tf.Tensor2D, beta: DirichletPrior | tf.Tensor1D): tf.Scalar | tf.Tensor1D {
  if (alpha.rank !== 1 && alpha.rank !== 2) throw new Error(`dirichletKl needs α of rank 1 or 2, got rank ${alpha.rank}.`);
  const prior = priorValues(beta);
  const d = alpha.shape[alpha.rank - 1]!;
  const rows = alpha.rank === 2 ? alpha.shape[0]! : 1;
  const op = tf.customGrad(((a: tf.Tensor) => {
    const values = a.dataSync() as Float32Array;
    const kl = new Float32Array(rows);
    for (let r = 0; r < rows; r++) kl[r] = klDirichlet(values.subarray(r * d, (r + 1) * d), prior);
    return {
      value: alpha.rank === 1 ? tf.scalar(kl[0]!) : tf.tensor1d(kl),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const grad = new Float32Array(values.length);
        for (let r = 0; r < rows; r++) {
          const row = klDirichletGradAlpha(values.subarray(r * d, (r + 1) * d), prior);
          for (let k = 0; k < d; k++) grad[r * d + k] = g[r]! * row[k]!;
        }
        return tf.tensor(grad, a.shape);
      },
    };
  }) as unknown as CustomGradFn);
  return op(alpha) as tf.Scalar | tf.Tensor1D;
}
