// DP-NTK features (method card mmd-generators.md §4): the empirical neural tangent kernel of an
// untrained network "fc_1l" = Linear(d→W) → ReLU → LayerNorm(W, no affine) → Linear(W→K).
//
//   φ(x) = ∇_θ Σ_k f_θ(x)_k (all P = W·d + W + K·W + K parameters), φ̂(x) = φ(x)/‖φ(x)‖.
//
// Parameter layout of a flattened feature vector (stable; the order of `net.params`, each block
// row-major as stored, the dense weights being [fanIn, fanOut] because layers compute x·W + b):
//   [0, d·W)                       W1[i, w] at i·W + w   (= ∂/∂W1 = x ⊗ δ)
//   [d·W, d·W + W)                 b1[w]                  (= δ)
//   [d·W + W, d·W + W + W·K)       W2[w, k] at w·K + k    (= u, the same for every output k)
//   [d·W + W + W·K, P)             b2[k]                  (= 1)
// with a = x·W1 + b1, h = relu(a), u = LN(h) = (h − h̄)/√(v + ε) and δ = ∂Σ_k f_k/∂a.
//
// Data side (`ntkClassSums`): the per-example gradient machinery of src/dpsgd (probe trace + one
// GEMM per dense op) with the 'normalize' scaling, so per-example features are never formed.
// Generator side (`ntkEmbeddingLoss`): the closed form of card §4.3 in tf ops, differentiable
// with respect to the generated rows by first-order autodiff (no double backprop):
//   ‖φ(x)‖² = ‖δ‖²(‖x‖² + 1) + K‖u‖² + K,
//   ⟨φ(x), φ(x')⟩ = (δᵀδ')(xᵀx' + 1) + K·uᵀu' + K,
//   ⟨T, φ(x)⟩ = xᵀ T_W1 δ + T_b1·δ + u·(T_W2 1_K) + 1ᵀT_b2,
// where δ = relu'(a) ⊙ (s − s̄ − u·mean(s ⊙ u))/√(v + ε) and s = W2 1_K. The ReLU mask relu'(a)
// (relu'(0) = 0) is piecewise constant; δ depends on x through u and v.
import * as tf from '../engine/tf.js';
import { createRng } from '../engine/random/seeded-rng.js';
import { clippedGradientSum } from '../dpsgd/clipped-sum.js';
import type { Network, PerExampleLoss } from '../dpsgd/network.js';
import { activationLayer } from '../nn/activation.js';
import { denseLayer } from '../nn/dense.js';
import { uniquePrefix } from '../nn/init.js';
import type { Layer, Trace } from '../nn/layer.js';
import { layerNormLayer } from '../nn/norm.js';
import { sequential } from '../nn/sequential.js';

export interface NtkNetworkOptions {
  readonly inputDim: number;
  /** Hidden width W (800 for MNIST in the reference). */
  readonly width: number;
  /** Number of outputs K (10 for MNIST). */
  readonly outputs: number;
  /** Seed of the initialization (uniform ±1/√fanIn for weights and biases, as PyTorch's nn.Linear). */
  readonly seed: number;
}

export interface NtkNetwork extends Network {
  readonly inputDim: number;
  readonly width: number;
  readonly outputs: number;
  /** LayerNorm ε (PyTorch's 1e-5). */
  readonly epsilon: number;
  readonly layers: readonly Layer[];
  /** [w1 [d, W], b1 [W], w2 [W, K], b2 [K]]: the order of the flattened feature vector. */
  readonly params: readonly [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  /** P = W·d + W + K·W + K, the feature dimension. */
  readonly parameterCount: number;
  /** Start of each parameter block in the flattened vector (w1, b1, w2, b2), and P at the end. */
  readonly offsets: readonly [number, number, number, number, number];
  dispose(): void;
}

function checkSize(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${n}.`);
}

export function createNtkNetwork(options: NtkNetworkOptions): NtkNetwork {
  const { inputDim: d, width: W, outputs: K, seed } = options;
  checkSize('The NTK input dimension', d);
  checkSize('The NTK width', W);
  checkSize('The NTK output count', K);
  const rng = createRng(seed);
  const prefix = uniquePrefix('ntk');
  const epsilon = 1e-5;
  const layers = [
    denseLayer(d, W, rng, `${prefix}/fc1`),
    activationLayer('relu'),
    layerNormLayer(W, `${prefix}/ln`, { epsilon, affine: false }),
    denseLayer(W, K, rng, `${prefix}/fc2`),
  ];
  const seq = sequential(layers);
  if (seq.params.length !== 4) throw new Error('internal: the NTK network must have exactly four parameter tensors');
  const params = seq.params as unknown as NtkNetwork['params'];
  const offsets = [0, d * W, d * W + W, d * W + W + W * K, d * W + W + W * K + K] as const;
  return {
    inputDim: d, width: W, outputs: K, epsilon, layers, params,
    parameterCount: offsets[4],
    offsets,
    apply: (x: tf.Tensor, trace: Trace | null, training: boolean) => seq.apply(x, trace, training),
    dispose: () => { for (const p of params) p.dispose(); },
  };
}

/** The "loss" whose per-example gradient is φ: the sum of the network's outputs. */
const sumOfOutputs: PerExampleLoss = (output) => tf.sum(output, 1) as tf.Tensor1D;

/**
 * Adds Σ_{i: labels[i] = c} φ̂(x_i) to sums[c] (length P, layout in the file header) for every class.
 * φ̂ is scaled by 1/(‖φ‖(1 + 1e-5)) (the margin of the DP engine, so ‖φ̂‖ ≤ 1 survives float32
 * rounding); an example whose ‖φ‖ is not finite contributes nothing. Returns ‖φ(x_i)‖ (before
 * normalization) in batch order.
 */
export function ntkClassSums(net: NtkNetwork, x: tf.Tensor2D, labels: Int32Array, classes: number, sums: Float64Array[]): Float64Array {
  const [batch, d] = x.shape;
  if (d !== net.inputDim) throw new Error(`The NTK network expects ${net.inputDim} input columns, got ${d}.`);
  if (labels.length !== batch) throw new Error(`Got ${labels.length} labels for ${batch} rows.`);
  checkSize('The number of classes', classes);
  if (sums.length !== classes || sums.some((s) => s.length !== net.parameterCount)) {
    throw new Error(`ntkClassSums needs ${classes} sums of length ${net.parameterCount}.`);
  }
  const rows: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((y, i) => {
    if (!(y >= 0 && y < classes)) throw new Error(`Label ${y} at row ${i} is outside [0, ${classes}).`);
    rows[y]!.push(i);
  });
  const norms = new Float64Array(batch);
  const dummyTarget = tf.zeros([1]);
  try {
    for (let c = 0; c < classes; c++) {
      const idx = rows[c]!;
      if (idx.length === 0) continue;
      const xc = idx.length === batch ? x : tf.tidy(() => tf.gather(x, tf.tensor1d(idx, 'int32')));
      try {
        const { sums: parts, norms: n } = clippedGradientSum(net, xc, dummyTarget, sumOfOutputs, 'normalize');
        idx.forEach((i, k) => { norms[i] = n[k]!; });
        const out = sums[c]!;
        net.params.forEach((p, b) => {
          const values = parts.get(p)!.dataSync();
          const start = net.offsets[b]!;
          for (let j = 0; j < values.length; j++) out[start + j]! += values[j]!;
        });
        tf.dispose([...parts.values()]);
      } finally {
        if (xc !== x) xc.dispose();
      }
    }
  } finally {
    dummyTarget.dispose();
  }
  return norms;
}

/** The closed-form pieces of φ(x) for a batch: δ [n, W], u [n, W] and ‖φ(x)‖² [n]. Differentiable in x. */
export interface NtkParts {
  readonly delta: tf.Tensor2D;
  readonly u: tf.Tensor2D;
  readonly normSq: tf.Tensor1D;
}

export function ntkParts(net: NtkNetwork, x: tf.Tensor2D): NtkParts {
  if (x.rank !== 2 || x.shape[1] !== net.inputDim) throw new Error(`The NTK network expects inputs [n, ${net.inputDim}], got [${x.shape}].`);
  const [w1, b1, w2] = net.params;
  const K = net.outputs;
  return tf.tidy(() => {
    const a = tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1);
    const mask = tf.step(a); // relu'(a) with relu'(0) = 0; its gradient is 0 (piecewise constant)
    const h = tf.mul(a, mask);
    const { mean, variance } = tf.moments(h, -1, true);
    const invStd = tf.rsqrt(tf.add(variance, net.epsilon)); // [n, 1]
    const u = tf.mul(tf.sub(h, mean), invStd) as tf.Tensor2D;
    const s = tf.sum(w2, 1); // [W]: ∂Σ_k f_k/∂u
    const centred = tf.sub(s, tf.mean(s)); // [W]
    const su = tf.mean(tf.mul(u, s), -1, true); // [n, 1]
    const delta = tf.mul(tf.mul(tf.sub(centred, tf.mul(u, su)), invStd), mask) as tf.Tensor2D;
    const normSq = tf.add(
      tf.mul(tf.sum(tf.square(delta), 1), tf.add(tf.sum(tf.square(x), 1), 1)),
      tf.mul(tf.add(tf.sum(tf.square(u), 1), 1), K),
    ) as tf.Tensor1D;
    return { delta, u, normSq };
  });
}

/**
 * The NTK Gram matrix [n_a, n_b]: ⟨φ(a_i), φ(b_j)⟩, or ⟨φ̂(a_i), φ̂(b_j)⟩ when `normalize`.
 * Differentiable in both inputs.
 */
export function ntkKernel(net: NtkNetwork, a: tf.Tensor2D, b: tf.Tensor2D, normalize = false): tf.Tensor2D {
  return tf.tidy(() => {
    const pa = ntkParts(net, a), pb = ntkParts(net, b);
    let k = tf.add(
      tf.mul(tf.matMul(pa.delta, pb.delta, false, true), tf.add(tf.matMul(a, b, false, true), 1)),
      tf.mul(tf.add(tf.matMul(pa.u, pb.u, false, true), 1), net.outputs),
    );
    if (normalize) k = tf.mul(tf.mul(k, tf.reshape(tf.rsqrt(pa.normSq), [-1, 1])), tf.reshape(tf.rsqrt(pb.normSq), [1, -1]));
    return k as tf.Tensor2D;
  });
}

/** Released class-conditional mean embeddings, split per parameter block for the closed form. */
export interface NtkTarget {
  readonly classes: number;
  /** T_W1 of each class, [d, W], and its transpose [W, d] (the gradient's GEMM, kept for every step). */
  readonly w1: readonly tf.Tensor2D[];
  readonly w1T: readonly tf.Tensor2D[];
  /** T_b1 per class, [C, 1, W]. */
  readonly b1: tf.Tensor3D;
  /** T_W2 1_K (row sums over the outputs) per class, [C, 1, W]. */
  readonly w2RowSums: tf.Tensor3D;
  /** 1ᵀT_b2 per class, [C, 1]. */
  readonly b2Sums: tf.Tensor2D;
  /** ‖T_c‖² per class (summed in float64), [C]. */
  readonly normSq: tf.Tensor1D;
  dispose(): void;
}

/**
 * Splits the released means for `ntkEmbeddingLoss`. `means` is the D × C matrix of the card
 * stored row-major [P, classes] (means[p·classes + c]), or one column (length P) per class.
 */
export function prepareNtkTarget(net: NtkNetwork, means: ArrayLike<number> | readonly ArrayLike<number>[], classes: number): NtkTarget {
  checkSize('The number of classes', classes);
  const P = net.parameterCount, { inputDim: d, width: W, outputs: K } = net;
  const columns = Array.isArray(means);
  if (columns ? means.length !== classes || (means as ArrayLike<number>[]).some((m) => m.length !== P) : (means as ArrayLike<number>).length !== P * classes) {
    throw new Error(`The NTK target needs ${classes} class columns of length ${P}.`);
  }
  const at = columns
    ? (p: number, c: number) => (means as ArrayLike<number>[])[c]![p]!
    : (p: number, c: number) => (means as ArrayLike<number>)[p * classes + c]!;
  const [o1, o2, o3] = net.offsets;
  const w1: tf.Tensor2D[] = [], w1T: tf.Tensor2D[] = [];
  const b1 = new Float32Array(classes * W), w2 = new Float32Array(classes * W);
  const b2 = new Float32Array(classes), normSq = new Float32Array(classes);
  for (let c = 0; c < classes; c++) {
    let sq = 0;
    for (let p = 0; p < P; p++) { const v = at(p, c); sq += v * v; }
    normSq[c] = sq;
    const block = new Float32Array(d * W), blockT = new Float32Array(d * W);
    for (let i = 0; i < d; i++) {
      for (let w = 0; w < W; w++) {
        const v = at(o1 + i * W + w, c);
        block[i * W + w] = v;
        blockT[w * d + i] = v;
      }
    }
    w1.push(tf.tensor2d(block, [d, W]));
    w1T.push(tf.tensor2d(blockT, [W, d]));
    for (let w = 0; w < W; w++) b1[c * W + w] = at(o2 + w, c);
    for (let w = 0; w < W; w++) {
      let r = 0;
      for (let k = 0; k < K; k++) r += at(o3 + w * K + k, c);
      w2[c * W + w] = r;
    }
    let r = 0;
    for (let k = 0; k < K; k++) r += at(o3 + W * K + k, c);
    b2[c] = r;
  }
  const t = {
    classes, w1, w1T,
    b1: tf.tensor3d(b1, [classes, 1, W]),
    w2RowSums: tf.tensor3d(w2, [classes, 1, W]),
    b2Sums: tf.tensor2d(b2, [classes, 1]),
    normSq: tf.tensor1d(normSq),
  };
  return { ...t, dispose: () => tf.dispose([...t.w1, ...t.w1T, t.b1, t.w2RowSums, t.b2Sums, t.normSq]) };
}

/**
 * Row block c of `a` ([C·n, m]) times bs[c] ([m, k]), one plain GEMM per block, the blocks cut
 * and joined by copies of the data (tfjs-wasm's Slice/Split/Concat kernels copy row by row: ~20
 * ms for a [1000, 784] split, half a GEMM).
 */
function blockMatMul(a: tf.Tensor2D, bs: readonly tf.Tensor2D[]): tf.Tensor2D {
  const C = bs.length, [rows, m] = a.shape, n = rows / C, k = bs[0]!.shape[1];
  const values = a.dataSync() as Float32Array;
  const out = new Float32Array(rows * k);
  bs.forEach((b, c) => {
    const block = tf.tensor2d(values.subarray(c * n * m, (c + 1) * n * m), [n, m]);
    const product = tf.matMul(block, b);
    out.set(product.dataSync() as Float32Array, c * n * k);
    tf.dispose([block, product]);
  });
  return tf.tensor2d(out, [rows, k]);
}

/**
 * Row block c of x times the constant T_c ([d, W]); the gradient uses the stored transposes, so
 * each direction is one plain GEMM per class (the stock gradient would transpose T_c every step).
 */
function classBlockMatMul(x: tf.Tensor2D, t: readonly tf.Tensor2D[], tT: readonly tf.Tensor2D[]): tf.Tensor2D {
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: blockMatMul(input as tf.Tensor2D, t),
    gradFunc: (dy: tf.Tensor) => blockMatMul(dy as tf.Tensor2D, tT),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}

/** A·Aᵀ per batch entry ([C, n, m] → [C, n, n]) with the symmetric gradient (dG + dGᵀ)·A: one GEMM, not two. */
function gram(a: tf.Tensor3D): tf.Tensor3D {
  const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input]);
    return {
      value: tf.matMul(input as tf.Tensor3D, input as tf.Tensor3D, false, true),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.matMul(tf.add(dy, tf.transpose(dy, [0, 2, 1])) as tf.Tensor3D, saved[0] as tf.Tensor3D),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(a) as tf.Tensor3D;
}

/**
 * Σ_c ‖T_c − (1/perClass) Σ_{j in class c} φ̂(x_j)‖² for a generated batch x [classes·perClass, d]
 * whose rows come in class blocks (rows c·perClass … (c+1)·perClass − 1 are class c). A scalar,
 * differentiable in x (tf.grad, optimizer.minimize through a generator); φ̂ is never formed.
 *
 * With r_j = 1/‖φ(x_j)‖ and n = perClass, per class:
 *   ⟨T, μ⟩ = (1/n) Σ_j r_j ((x_jᵀT_W1 + T_b1)·δ_j + u_j·(T_W2 1) + 1ᵀT_b2),
 *   n²‖μ‖² = Σ_{j,j'} (r_jδ_j·r_j'δ_j')(x_jᵀx_j') + ‖Σ_j r_jδ_j‖² + K‖Σ_j r_j u_j‖² + K(Σ_j r_j)²,
 * so the only Gram matrices are those of r ⊙ δ and of x ([n, n] per class).
 */
export function ntkEmbeddingLoss(net: NtkNetwork, target: NtkTarget, x: tf.Tensor2D, perClass: number): tf.Scalar {
  checkSize('The number of generated rows per class', perClass);
  const C = target.classes, n = perClass, d = net.inputDim, W = net.width, K = net.outputs;
  if (x.rank !== 2 || x.shape[0] !== C * n || x.shape[1] !== d) {
    throw new Error(`ntkEmbeddingLoss expects generated rows [${C}·${n}, ${d}], got [${x.shape}].`);
  }
  return tf.tidy(() => {
    const { delta, u, normSq } = ntkParts(net, x);
    const r = tf.reshape(tf.rsqrt(normSq), [C, n, 1]); // 1/‖φ(x_j)‖
    const x3 = tf.reshape(x, [C, n, d]) as tf.Tensor3D;
    const delta3 = tf.reshape(delta, [C, n, W]);
    const u3 = tf.reshape(u, [C, n, W]);
    // x_jᵀT_W1 for the rows of each class: one [n, d]·[d, W] GEMM per class.
    const xt = tf.reshape(classBlockMatMul(x, target.w1, target.w1T), [C, n, W]);
    const inner = tf.add(tf.sum(tf.add(tf.mul(tf.add(xt, target.b1), delta3), tf.mul(u3, target.w2RowSums)), 2), target.b2Sums); // [C, n]
    const cross = tf.div(tf.sum(tf.mul(tf.reshape(r, [C, n]), inner), 1), n); // ⟨T_c, μ_c⟩, [C]
    const rDelta = tf.mul(delta3, r) as tf.Tensor3D;
    const sumSq = (t: tf.Tensor) => tf.sum(tf.square(tf.sum(t, 1)), 1); // ‖Σ_j t_j‖² per class
    const self = tf.div(tf.addN([
      tf.sum(tf.mul(gram(rDelta), gram(x3)), [1, 2]),
      sumSq(rDelta),
      tf.mul(sumSq(tf.mul(u3, r)), K),
      tf.mul(tf.square(tf.sum(r, [1, 2])), K),
    ]), n * n); // ‖μ_c‖², [C]
    return tf.sum(tf.add(tf.sub(target.normSq, tf.mul(cross, 2)), self)) as tf.Scalar;
  });
}
