// Quantile binning of the training features for the tree models: each feature gets at most
// `maxBins` ordered bins cut between distinct training values, so a split "bin <= b" on training
// rows is the same test as "x <= thresholds[b]" on raw values and prediction needs no binning.
// Rows are also stored sparsely (only entries outside their feature's most frequent bin), because
// one-hot columns are mostly one value and histograms then cost O(non-default entries).
import type { ColumnProfile } from './column-profile.js';

export interface BinnedMatrix {
  readonly n: number;
  readonly d: number;
  /** Row-major n×d bin indices. */
  readonly bins: Uint8Array;
  /** Bins per feature (1 for a constant feature). */
  readonly nBins: Int32Array;
  /** Per feature, nBins-1 ascending cut values: x <= thresholds[f][b] exactly when bin(x) <= b. */
  readonly thresholds: readonly Float64Array[];
  /** Histogram slot of (feature f, bin b) is offset[f] + b; offset[d] is the slot count. */
  readonly offset: Int32Array;
  /** The most populated bin of each feature; sparse rows omit entries in it. */
  readonly defaultBin: Int32Array;
  /** CSR over rows of the slots of non-default entries. */
  readonly rowPtr: Int32Array;
  readonly slots: Int32Array;
}

export const DEFAULT_MAX_BINS = 64;

export function binColumns(X: Float32Array, n: number, d: number, profiles: readonly ColumnProfile[], maxBins = DEFAULT_MAX_BINS): BinnedMatrix {
  if (!(maxBins >= 2 && maxBins <= 256)) throw new RangeError(`maxBins must be in [2, 256], got ${maxBins}.`);
  const thresholds = profiles.map((p) => cutPoints(p, n, maxBins));
  const nBins = Int32Array.from(thresholds, (t) => t.length + 1);
  const offset = new Int32Array(d + 1);
  for (let f = 0; f < d; f++) offset[f + 1] = offset[f]! + nBins[f]!;

  const bins = new Uint8Array(n * d);
  const binCounts = new Int32Array(offset[d]!);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const b = binOf(thresholds[f]!, X[i * d + f]!);
      bins[i * d + f] = b;
      binCounts[offset[f]! + b]!++;
    }
  }
  const defaultBin = new Int32Array(d);
  for (let f = 0; f < d; f++) {
    let best = 0;
    for (let b = 1; b < nBins[f]!; b++) if (binCounts[offset[f]! + b]! > binCounts[offset[f]! + best]!) best = b;
    defaultBin[f] = best;
  }

  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let f = 0; f < d; f++) if (bins[i * d + f] !== defaultBin[f]) c++;
    rowPtr[i + 1] = rowPtr[i]! + c;
  }
  const slots = new Int32Array(rowPtr[n]!);
  for (let i = 0, e = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const b = bins[i * d + f]!;
      if (b !== defaultBin[f]) slots[e++] = offset[f]! + b;
    }
  }
  return { n, d, bins, nBins, thresholds, offset, defaultBin, rowPtr, slots };
}

const featureMajor = new WeakMap<BinnedMatrix, Uint8Array>();

/** The bin indices feature by feature (d×n, built once per matrix): a node's rows of one feature
 * then lie in one short column, which is what the trees' per-node direct histograms read. */
export function featureMajorBins(b: BinnedMatrix): Uint8Array {
  let t = featureMajor.get(b);
  if (!t) {
    const { n, d, bins } = b;
    t = new Uint8Array(n * d);
    for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) t[f * n + i] = bins[i * d + f]!;
    featureMajor.set(b, t);
  }
  return t;
}

/** Index of the bin holding x: the number of cut values strictly below x. */
export function binOf(cuts: Float64Array, x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cut values between distinct values, each bin taking about an equal share of the remaining rows
 * (a heavy single value such as capital-gain = 0 takes one bin and leaves the rest to the others). */
function cutPoints(p: ColumnProfile, n: number, maxBins: number): Float64Array {
  const m = p.values.length;
  const cuts: number[] = [];
  if (m <= maxBins) {
    for (let j = 0; j + 1 < m; j++) cuts.push(midpoint(p.values[j]!, p.values[j + 1]!));
    return Float64Array.from(cuts);
  }
  let remaining = n;
  let inBin = 0;
  for (let j = 0; j + 1 < m; j++) {
    inBin += p.counts[j]!;
    const binsLeft = maxBins - cuts.length;
    if (inBin >= remaining / binsLeft || m - 1 - j <= binsLeft - 1) {
      cuts.push(midpoint(p.values[j]!, p.values[j + 1]!));
      remaining -= inBin;
      inBin = 0;
      if (cuts.length === maxBins - 1) break;
    }
  }
  return Float64Array.from(cuts);
}

function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid < b ? mid : a; // adjacent floats: cut at a so that b still goes right
}
