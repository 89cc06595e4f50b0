// Low-level access to the wasm backend's heap. Pinned to tfjs-backend-wasm 4.22.0: these fields are
// internal, so every use is kept in this file.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type WasmBackend = BackendWasm;
type TensorInfo = tf.TensorInfo;

interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: tf.DataType;
  refCount: number;
}

interface WasmInternals {
  dataIdMap: { get(dataId: object): WasmTensorData; set(dataId: object, v: WasmTensorData): void; delete(dataId: object): void };
  dataIdNextNumber: number;
  wasm: { tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void } };
}

function internals(backend: WasmBackend): WasmInternals {
  return backend as unknown as WasmInternals;
}

/** A Float32Array view of a float32 tensor's storage on the wasm heap (no copy). */
export function heapF32(backend: WasmBackend, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function byteOffset(backend: WasmBackend, info: TensorInfo): number {
  return internals(backend).dataIdMap.get(info.dataId).memoryOffset;
}

/**
 * A tensor info that aliases `shape`-many float32 values at `offset` bytes into the heap, without
 * allocating. Release it with `releaseView`, never with disposeData (which would free the owner's
 * memory).
 */
export function viewAt(backend: WasmBackend, offset: number, shape: number[]): TensorInfo {
  const b = internals(backend);
  const id = b.dataIdNextNumber++;
  const dataId = { id };
  b.dataIdMap.set(dataId, { id, memoryOffset: offset, shape, dtype: 'float32', refCount: 1 });
  b.wasm.tfjs.registerTensor(id, tf.util.sizeFromShape(shape), offset);
  return { dataId, shape, dtype: 'float32' };
}

export function releaseView(backend: WasmBackend, view: TensorInfo): void {
  const b = internals(backend);
  const data = b.dataIdMap.get(view.dataId);
  b.wasm.tfjs.disposeData(data.id);
  b.dataIdMap.delete(view.dataId);
}

/**
 * Wraps a kernel input as a Tensor so tf ops can run on it inside a kernel. The refcount bump is
 * required: the engine does not take one, and disposing the wrapper would free the caller's data.
 */
export function wrapInput(backend: WasmBackend, info: TensorInfo): tf.Tensor {
  backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** Copies a tensor computed inside a kernel into a fresh kernel output and disposes the tensor. */
export function toKernelOutput(backend: WasmBackend, result: tf.Tensor, shape = result.shape): TensorInfo {
  const out = backend.makeOutput(shape, result.dtype);
  (backend.typedArrayFromHeap(out) as Float32Array).set(backend.typedArrayFromHeap(result) as Float32Array);
  result.dispose();
  return out;
}
