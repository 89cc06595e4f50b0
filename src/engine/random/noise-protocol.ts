// Shared-memory protocol between the noise prefetcher and its worker: one Int32 state per slot.
export const EMPTY = 0;
export const FULL = 1;
export const STOP = 2;

export interface PrefetchShared {
  /** SharedArrayBuffer of Int32 states, one per slot. */
  readonly states: SharedArrayBuffer;
  /** SharedArrayBuffers of float32 standard normals. */
  readonly slots: SharedArrayBuffer[];
}
