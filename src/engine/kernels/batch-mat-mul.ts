// BatchMatMul for the wasm backend without the scalar loop. Stock tfjs-wasm sends only plain,
// unbatched products to XNNPACK; transposes and batches fall into a triple loop that is 12-24x
// slower, and autodiff always produces the transposed forms. Here every case is reduced to plain
// 2-D products that XNNPACK runs.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, releaseView, viewAt, wrapInput, byteOffset, type WasmBackend } from './heap.js';

type KernelConfig = tf.KernelConfig;
type TensorInfo = tf.TensorInfo;

interface MatMulArgs {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: WasmBackend;
  attrs: { transposeA: boolean; transposeB: boolean };
}

export function patchedBatchMatMul(original: KernelConfig): KernelConfig {
  const plain = original.kernelFunc as unknown as (args: MatMulArgs) => TensorInfo;
  const kernelFunc = (args: MatMulArgs): TensorInfo => {
    const { inputs: { a, b }, backend, attrs: { transposeA, transposeB } } = args;
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    const ra = a.shape.length, rb = b.shape.length;
    const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
    const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
    const kb = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
    const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
    if (k === 0 && kb === 0) {
      // An empty inner dimension: XNNPACK refuses it and the stock kernel then leaves the output
      // unwritten (stale heap memory). The product is all zeros.
      const out = backend.makeOutput([...tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n], 'float32');
      heapF32(backend, out).fill(0);
      return out;
    }
    if (!transposeA && !transposeB && batchA === 1 && batchB === 1) return plain(args);
    if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
      throw new Error(`matMul batch dimensions ${a.shape.slice(0, -2)} and ${b.shape.slice(0, -2)} differ; reshape or tile explicitly (batch broadcasting is wrong in tfjs 4.22).`);
    }
    if (k !== kb) throw new Error(`matMul inner dimensions differ: ${a.shape} and ${b.shape} (transposeA=${transposeA}, transposeB=${transposeB}).`);
    const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const outShape = [...outer, m, n];
    const batch = Math.max(batchA, batchB);

    // Bring both operands to canonical [batch, m, k] · [batch, k, n] with explicit (fast, native)
    // transposes, then pick the cheapest way to hand them to XNNPACK.
    const [lhs, rhs] = tf.tidy(() => {
      const a3 = tf.reshape(wrapInput(backend, a), transposeA ? [batchA, k, m] : [batchA, m, k]);
      const b3 = tf.reshape(wrapInput(backend, b), transposeB ? [batchB, n, k] : [batchB, k, n]);
      return [transposeA ? tf.transpose(a3, [0, 2, 1]) : a3, transposeB ? tf.transpose(b3, [0, 2, 1]) : b3];
    });
    try {
      if (batchB === 1) {
        // One B for all batches: fold the batches of A into rows, one GEMM.
        return toOutput(backend, tf.tidy(() => tf.matMul(tf.reshape(lhs, [batchA * m, k]), tf.reshape(rhs, [k, n]))), outShape);
      }
      if (batchA === 1) {
        // One A for all batches: lay the B's side by side as columns, one GEMM, then unfold.
        return toOutput(backend, tf.tidy(() => {
          const cols = tf.reshape(tf.transpose(rhs, [1, 0, 2]), [k, batchB * n]);
          const wide = tf.matMul(tf.reshape(lhs, [m, k]), cols);
          return tf.transpose(tf.reshape(wide, [m, batchB, n]), [1, 0, 2]);
        }), outShape);
      }
      return perBatch(backend, plain, lhs, rhs, batch, m, k, n, outShape);
    } finally {
      lhs.dispose();
      rhs.dispose();
    }
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

function toOutput(backend: WasmBackend, result: tf.Tensor, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  heapF32(backend, out).set(heapF32(backend, result));
  result.dispose();
  return out;
}

/** Both operands batched: one plain XNNPACK product per batch on zero-copy heap views. */
function perBatch(
  backend: WasmBackend, plain: (args: MatMulArgs) => TensorInfo,
  lhs: tf.Tensor, rhs: tf.Tensor, batch: number, m: number, k: number, n: number, outShape: number[],
): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const aBase = byteOffset(backend, lhs), bBase = byteOffset(backend, rhs);
  for (let i = 0; i < batch; i++) {
    const va = viewAt(backend, aBase + i * m * k * 4, [m, k]);
    const vb = viewAt(backend, bBase + i * k * n * 4, [k, n]);
    const r = plain({ inputs: { a: va, b: vb }, backend, attrs: { transposeA: false, transposeB: false } });
    heapF32(backend, out).set(heapF32(backend, r), i * m * n); // views re-taken: the heap may have grown
    backend.disposeData(r.dataId);
    releaseView(backend, va);
    releaseView(backend, vb);
  }
  return out;
}
