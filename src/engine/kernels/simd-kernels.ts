// Host side of the SIMD kernels (native/wasm/kernels.c): a small wasm module with its own memory.
// Inputs are copied in; per-example gradients stay there until the step's clipped sum is taken,
// and the arena is reset for the next step.
import { SIMD_KERNELS_WASM_BASE64 } from './simd-kernels-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  heap_start(): number;
  conv_filter_grad(x: number, dy: number, out: number, summed: number, B: number, H: number, W: number, C: number,
    OH: number, OW: number, M: number, KH: number, KW: number, sh: number, sw: number, pt: number, pl: number): void;
  add_sq_norms(g: number, mask: number, sq: number, B: number, D: number): void;
  weighted_sum(g: number, c: number, out: number, B: number, D: number): void;
  gram_sq_norms(U: number, G: number, sq: number, B: number, P: number, K: number, M: number): void;
  hermite_class_sums(x: number, phi0: number, label: number, coef: number, out: number, buf: number,
    n: number, d: number, K: number, scale: number, project: number): void;
  hermite_class_sums_grad(x: number, phi0: number, label: number, coef: number, dS: number, dx: number,
    n: number, d: number, K: number, scale: number, beta: number): void;
  conv_forward_few_outputs(x: number, wt: number, out: number, B: number, H: number, W: number, C: number,
    OH: number, OW: number, M: number, KH: number, KW: number, sh: number, sw: number, pt: number, pl: number): void;
  max_pool_grad(x: number, dy: number, dx: number, B: number, H: number, W: number, C: number,
    OH: number, OW: number, FH: number, FW: number, sh: number, sw: number, pt: number, pl: number): void;
}

let kernels: KernelExports | null = null;
let top = 0;

function decodeBase64(text: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(text, 'base64'));
  const binary = atob(text);
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/** Compiles the module (async: browsers refuse synchronous compiles of this size). Idempotent. */
export async function loadPerExampleKernels(): Promise<void> {
  if (kernels) return;
  const { instance } = await WebAssembly.instantiate(decodeBase64(SIMD_KERNELS_WASM_BASE64) as BufferSource);
  kernels = instance.exports as unknown as KernelExports;
  top = kernels.heap_start();
}

function k(): KernelExports {
  if (!kernels) throw new Error('Per-example kernels are not loaded; call initEngine() first.');
  return kernels;
}

export function perExampleKernelsLoaded(): boolean {
  return kernels !== null;
}

/** Frees everything allocated since the last reset (call once per DP step). */
export function resetKernelArena(): void {
  top = k().heap_start();
}

/** Marks the arena; calling the returned function frees what was allocated after the mark. */
export function releaseKernelBlocks(): () => void {
  const mark = top;
  return () => { top = mark; };
}

/** A float32 block in the kernel memory, addressed by byte offset. Views must be re-taken after any allocation (memory may grow). */
export interface KernelBlock { readonly offset: number; readonly length: number }

function allocate(bytes: number): number {
  const mem = k().memory;
  const offset = Math.ceil(top / 16) * 16; // not a bitwise mask: offsets may pass 2³¹
  const end = offset + bytes;
  if (end > mem.buffer.byteLength) mem.grow(Math.ceil((end - mem.buffer.byteLength) / 65536));
  top = end;
  return offset;
}

function put(values: Float32Array): KernelBlock {
  const offset = allocate(values.length * 4);
  new Float32Array(k().memory.buffer, offset, values.length).set(values);
  return { offset, length: values.length };
}

export function blockView(block: KernelBlock): Float32Array {
  return new Float32Array(k().memory.buffer, block.offset, block.length);
}

export interface ConvFilterGeometry {
  batch: number; inHeight: number; inWidth: number; inChannels: number;
  outHeight: number; outWidth: number; outChannels: number;
  filterHeight: number; filterWidth: number; strideHeight: number; strideWidth: number;
  padTop: number; padLeft: number;
}

/**
 * Conv filter gradients from the layer input x and output gradient dy: per example
 * ([batch, KH·KW·C·M], the filter's [kh, kw, c, m] order) or, with `summed`, their sum.
 */
export function convFilterGradient(x: Float32Array, dy: Float32Array, g: ConvFilterGeometry, summed: boolean): KernelBlock {
  const perExample = g.filterHeight * g.filterWidth * g.inChannels * g.outChannels;
  const xs = put(x), dys = put(dy);
  const rows = summed ? 1 : g.batch;
  const out = allocate(rows * perExample * 4);
  k().conv_filter_grad(xs.offset, dys.offset, out, summed ? 1 : 0, g.batch, g.inHeight, g.inWidth, g.inChannels,
    g.outHeight, g.outWidth, g.outChannels, g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
  return { offset: out, length: rows * perExample };
}

/** sq[i] += ‖grads[i] ⊙ mask‖² for each of `batch` rows (mask optional, one row long). */
export function addSquaredNorms(grads: KernelBlock, batch: number, mask: Float32Array | null, sq: Float64Array): void {
  const width = grads.length / batch;
  const m = mask ? put(mask).offset : 0;
  const s = allocate(batch * 8);
  const sqView = () => new Float64Array(k().memory.buffer, s, batch);
  sqView().set(sq);
  k().add_sq_norms(grads.offset, m, s, batch, width);
  sq.set(sqView());
}

/**
 * sq[i] += ‖Σ_p u_{i,p} g_{i,p}ᵀ‖²_F by the Gram (ghost) form, for U [batch, P, K] and G [batch, P, M]
 * (per-example gradients of sequence dense layers and, with U the patches, of conv layers).
 */
export function addGramSquaredNorms(u: Float32Array, g: Float32Array, batch: number, positions: number, sq: Float64Array): void {
  const mark = releaseKernelBlocks();
  try {
    const us = put(u), gs = put(g);
    const s = allocate(batch * 8);
    new Float64Array(k().memory.buffer, s, batch).set(sq);
    k().gram_sq_norms(us.offset, gs.offset, s, batch, positions, u.length / (batch * positions), g.length / (batch * positions));
    sq.set(new Float64Array(k().memory.buffer, s, batch));
  } finally {
    mark();
  }
}

/** Σ_i c[i] · grads[i]: the clipped sum of per-example gradients. */
export function weightedRowSum(grads: KernelBlock, c: Float32Array): Float32Array {
  const width = grads.length / c.length;
  const cs = put(c);
  const out = allocate(width * 4);
  k().weighted_sum(grads.offset, cs.offset, out, c.length, width);
  return new Float32Array(k().memory.buffer, out, width).slice();
}

export interface PoolGeometry {
  batch: number; inHeight: number; inWidth: number; channels: number; outHeight: number; outWidth: number;
  filterHeight: number; filterWidth: number; strideHeight: number; strideWidth: number; padTop: number; padLeft: number;
}

/** Max-pool input gradient into `dx` (overwritten). */
export function maxPoolGradient(x: Float32Array, dy: Float32Array, g: PoolGeometry, dx: Float32Array): void {
  const mark = releaseKernelBlocks();
  try {
    const xs = put(x), dys = put(dy);
    const out = allocate(x.length * 4);
    new Float32Array(k().memory.buffer, out, x.length).fill(0);
    k().max_pool_grad(xs.offset, dys.offset, out, g.batch, g.inHeight, g.inWidth, g.channels,
      g.outHeight, g.outWidth, g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
    dx.set(new Float32Array(k().memory.buffer, out, x.length));
  } finally {
    mark();
  }
}

export interface HermiteGeometry {
  rows: number; dim: number; classes: number;
  /** Orders 0..order: K = order + 1 features per coordinate. */
  order: number;
  rho: number;
  /** Every feature is multiplied by this (1/√dim for the sum kernel). */
  scale: number;
}

/** The kernels index class sums by label: one out of range would write outside them. */
function checkClassLabels(labels: Int32Array, classes: number): void {
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i]! >= 0 && labels[i]! < classes)) throw new Error(`label ${labels[i]} of row ${i} is outside 0..${classes - 1}`);
  }
}

/** Recursion coefficients [a_0..a_{K−2}, b_0..b_{K−2}] and φ_0 = c·e^{−βx²} of every entry (JS has exp; the module has no libm). */
function hermiteInputs(x: Float32Array, g: HermiteGeometry): { coef: Float32Array; phi0: Float32Array; beta: number } {
  const K = g.order + 1, r = g.rho;
  const coef = new Float32Array(Math.max(0, 2 * (K - 1)));
  for (let k = 0; k + 1 < K; k++) {
    coef[k] = Math.sqrt((2 * r) / (k + 1));
    coef[K - 1 + k] = r * Math.sqrt(k / (k + 1));
  }
  const beta = r / (1 + r), c = Math.pow((1 - r) * (1 + r), 0.25);
  const phi0 = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) phi0[i] = c * Math.exp(-beta * x[i]! * x[i]!);
  return { coef, phi0, beta };
}

/**
 * Per-class sums of Hermite features of every coordinate, [classes, K, dim] (coordinates fastest),
 * added into `sums`. With `project`, each row's features are first scaled onto the unit ball.
 */
export function hermiteClassSums(x: Float32Array, labels: Int32Array, g: HermiteGeometry, project: boolean, sums: Float32Array): void {
  const K = g.order + 1;
  checkClassLabels(labels, g.classes);
  if (x.length !== g.rows * g.dim || labels.length !== g.rows || sums.length !== g.classes * K * g.dim) throw new Error('hermiteClassSums: array sizes do not match the geometry');
  const mark = releaseKernelBlocks();
  try {
    const { coef, phi0 } = hermiteInputs(x, g);
    const xs = put(x), ps = put(phi0), cs = put(coef);
    const ls = allocate(labels.length * 4);
    new Int32Array(k().memory.buffer, ls, labels.length).set(labels);
    const out = put(sums);
    const buf = allocate(K * g.dim * 4);
    k().hermite_class_sums(xs.offset, ps.offset, ls, cs.offset, out.offset, buf, g.rows, g.dim, K, g.scale, project ? 1 : 0);
    sums.set(blockView(out));
  } finally {
    mark();
  }
}

/** Gradient of hermiteClassSums (unprojected) w.r.t. x, for the upstream gradient dS [classes, K, dim]. */
export function hermiteClassSumsGradient(x: Float32Array, labels: Int32Array, g: HermiteGeometry, dS: Float32Array): Float32Array {
  const K = g.order + 1;
  checkClassLabels(labels, g.classes);
  const mark = releaseKernelBlocks();
  try {
    const { coef, phi0, beta } = hermiteInputs(x, g);
    const xs = put(x), ps = put(phi0), cs = put(coef), gs = put(dS);
    const ls = allocate(labels.length * 4);
    new Int32Array(k().memory.buffer, ls, labels.length).set(labels);
    const dx = allocate(x.length * 4);
    k().hermite_class_sums_grad(xs.offset, ps.offset, ls, cs.offset, gs.offset, dx, g.rows, g.dim, K, g.scale, beta);
    return new Float32Array(k().memory.buffer, dx, x.length).slice();
  } finally {
    mark();
  }
}

/** Forward conv (NHWC) into `out`, for filters [KH, KW, C, M] with C a multiple of 4 and few outputs M. */
export function convForwardFewOutputs(x: Float32Array, filter: Float32Array, g: ConvFilterGeometry, out: Float32Array): void {
  const { filterHeight: KH, filterWidth: KW, inChannels: C, outChannels: M } = g;
  const wt = new Float32Array(filter.length); // [KH, KW, C, M] → [M, KH, KW, C]
  for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) {
    wt[((m * KH + kh) * KW + kw) * C + c] = filter[((kh * KW + kw) * C + c) * M + m]!;
  }
  const mark = releaseKernelBlocks();
  try {
    const xs = put(x), ws = put(wt);
    const o = allocate(out.length * 4);
    k().conv_forward_few_outputs(xs.offset, ws.offset, o, g.batch, g.inHeight, g.inWidth, C, g.outHeight, g.outWidth, M, KH, KW,
      g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
    out.set(new Float32Array(k().memory.buffer, o, out.length));
  } finally {
    mark();
  }
}
