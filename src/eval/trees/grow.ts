// Grows one tree on binned features from per-row statistics, depth first. The same grower serves
// classification (gini on class weights), sklearn's gradient boosting (friedman_mse on residuals)
// and the XGBoost-style booster (Newton gain on gradient/hessian sums).
// Speed: histograms are built from the sparse non-default entries of a node's rows (each feature's
// default bin is the node total minus its other bins), and a large child's histogram is its parent's
// minus its smaller sibling's, so rows are only ever summed for the smaller side of each split.
// With `directNodes`, nodes where that costs more than it saves (few rows, or few features examined
// per split, as in a random forest or a column-subsampled booster) instead sum, per examined
// feature, the node's rows of that feature's column into a small histogram of its bins.
import type { Rng } from '../../engine/random/seeded-rng.js';
import { featureMajorBins, type BinnedMatrix } from '../binning.js';
import { createTreeBuilder, type Tree } from './tree.js';

export type Criterion =
  /** Stats are class weights; proxy Σ L²/wL + Σ R²/wR (sklearn's gini proxy). */
  | { readonly kind: 'gini' }
  /** Stats [Σ residual, count, …]; proxy nL·nR·(meanL − meanR)² (sklearn's friedman_mse). */
  | { readonly kind: 'friedman' }
  /** Stats [Σ gradient, Σ hessian]; XGBoost's gain, children need hessian ≥ minChildWeight. */
  | { readonly kind: 'newton'; readonly lambda: number; readonly minChildWeight: number };

export interface GrowOptions {
  readonly criterion: Criterion;
  /** Statistics per row (the row-major width of `stats`). */
  readonly nStats: number;
  /** Infinity grows until leaves are pure or cannot be split. */
  readonly maxDepth: number;
  /** Non-constant features examined per node (sklearn's max_features); d for all. */
  readonly maxFeatures: number;
  /** The features this tree may split on (e.g. XGBoost's colsample_bytree); default all d. */
  readonly features?: Int32Array;
  /** Let nodes where it is cheaper sum their rows directly instead of keeping full histograms (much
   * faster on dense data such as images, or with few features per split). The sums are the same up
   * to rounding, which can still flip near-tied splits, so it is off by default (the tabular
   * classifiers keep their sklearn-checked results bit for bit). */
  readonly directNodes?: boolean;
  /** Values stored per leaf. */
  readonly nOut: number;
  /** Writes a leaf's nOut values from the sums of its rows' statistics. */
  leafValue(total: Float64Array, out: Float64Array): void;
}

const NEWTON_MIN_GAIN = 1e-6; // XGBoost's kRtEps
const RELATIVE_EMPTY = 1e-10; // class weight below this share of the node counts as none (rounding)
/** Relative cost of one row in a direct node (a scattered read of the feature's column) against one
 * sparse entry summed into a full histogram; tuned on 28×28 FashionMNIST images. */
const DIRECT_ROW_COST = 2;

export function growTree(b: BinnedMatrix, stats: Float64Array, rows: Int32Array, opts: GrowOptions, rng: Rng): Tree {
  const S = opts.nStats;
  const { d, offset, nBins, bins, rowPtr, slots, defaultBin, thresholds } = b;
  const crit = opts.criterion;
  const histLength = offset[d]! * S;
  const total = new Float64Array(S);
  const left = new Float64Array(S);
  const leafOut = new Float64Array(opts.nOut);
  const order = opts.features ? Int32Array.from(opts.features) : Int32Array.from({ length: d }, (_, f) => f);
  const nCandidates = order.length;
  const isConstant = new Uint8Array(d); // flags of the current node's known-constant features
  const idx = Int32Array.from(rows);
  const builder = createTreeBuilder(opts.nOut);
  const maxFeatures = Math.min(nCandidates, Math.max(1, opts.maxFeatures));
  const nnzPerRow = slots.length / Math.max(1, b.n);

  // Class trees have one non-zero statistic per row; knowing which halves the histogram work.
  let rowClass: Int32Array | undefined;
  if (crit.kind === 'gini') {
    rowClass = new Int32Array(b.n);
    for (const row of idx) {
      let c = 0;
      while (c < S - 1 && stats[row * S + c] === 0) c++;
      rowClass[row] = c;
    }
  }

  // Direct nodes: one feature's bins at a time in `local` (zero outside the bins listed in `touched`).
  const rowStatsWidth = rowClass ? 1 : S;
  const binsPerFeature = offset[d]! / Math.max(1, d);
  let maxNb = 1;
  for (let f = 0; f < d; f++) maxNb = Math.max(maxNb, nBins[f]!);
  const local = new Float64Array(maxNb * S);
  const isTouched = new Uint8Array(maxNb);
  const touched = new Int32Array(maxNb);
  let byFeature: Uint8Array | undefined;
  /** Whether a node of m rows is cheaper to split directly than through full histograms. */
  const directFor = (m: number): boolean => {
    if (!opts.directNodes) return false;
    const direct = maxFeatures * (DIRECT_ROW_COST * m * rowStatsWidth + binsPerFeature + 2 * Math.min(m, binsPerFeature) * S);
    const viaHistogram = m * nnzPerRow * rowStatsWidth + histLength + 3 * maxFeatures * binsPerFeature * S;
    return direct <= viaHistogram;
  };
  // A direct node's statistics gathered in row order (contiguous reads in the per-feature loops).
  let nodeStats = new Float64Array(0);
  let nodeClass = new Int32Array(0);
  const gatherNode = (start: number, end: number): void => {
    const m = end - start;
    if (rowClass) {
      if (nodeClass.length < m) { nodeClass = new Int32Array(Math.max(m, 2 * nodeClass.length)); nodeStats = new Float64Array(nodeClass.length); }
      for (let p = start; p < end; p++) {
        const row = idx[p]!, c = rowClass[row]!;
        nodeClass[p - start] = c;
        nodeStats[p - start] = stats[row * S + c]!;
      }
    } else {
      if (nodeStats.length < m * S) nodeStats = new Float64Array(Math.max(m * S, 2 * nodeStats.length));
      for (let p = start; p < end; p++) {
        const o = idx[p]! * S, q = (p - start) * S;
        for (let t = 0; t < S; t++) nodeStats[q + t] = stats[o + t]!;
      }
    }
  };
  /** Sums the gathered rows idx[start..end) of feature f into `local`; returns how many bins they occupy. */
  const sumDirect = (f: number, start: number, end: number): number => {
    const column = (byFeature ??= featureMajorBins(b));
    const at = f * b.n, m = end - start;
    const rowsAt = idx.subarray(start, end);
    let count = 0;
    if (rowClass) {
      for (let q = 0; q < m; q++) {
        const bin = column[at + rowsAt[q]!]!;
        if (!isTouched[bin]) { isTouched[bin] = 1; touched[count++] = bin; }
        local[bin * S + nodeClass[q]!] += nodeStats[q]!;
      }
    } else if (S === 2) {
      for (let q = 0; q < m; q++) {
        const bin = column[at + rowsAt[q]!]!, h = bin * 2;
        if (!isTouched[bin]) { isTouched[bin] = 1; touched[count++] = bin; }
        local[h] += nodeStats[2 * q]!;
        local[h + 1] += nodeStats[2 * q + 1]!;
      }
    } else if (S === 3) {
      for (let q = 0; q < m; q++) {
        const bin = column[at + rowsAt[q]!]!, h = bin * 3;
        if (!isTouched[bin]) { isTouched[bin] = 1; touched[count++] = bin; }
        local[h] += nodeStats[3 * q]!;
        local[h + 1] += nodeStats[3 * q + 1]!;
        local[h + 2] += nodeStats[3 * q + 2]!;
      }
    } else {
      for (let q = 0; q < m; q++) {
        const bin = column[at + rowsAt[q]!]!, h = bin * S, o = q * S;
        if (!isTouched[bin]) { isTouched[bin] = 1; touched[count++] = bin; }
        for (let t = 0; t < S; t++) local[h + t] += nodeStats[o + t]!;
      }
    }
    return count;
  };
  const clearDirect = (count: number): void => {
    for (let j = 0; j < count; j++) {
      const bin = touched[j]!;
      isTouched[bin] = 0;
      if (rowClass) for (let u = 0; u < nPresent; u++) local[bin * S + present[u]!] = 0;
      else local.fill(0, bin * S, bin * S + S);
    }
  };

  // Zeroed histogram buffers; a node owns one from when its histogram is known until it is done.
  const pool: Float64Array[] = [];
  const acquire = (): Float64Array => pool.pop() ?? new Float64Array(histLength);
  const release = (h: Float64Array, start: number, end: number, derived: boolean): void => {
    if (derived || (end - start) * nnzPerRow * S > histLength) h.fill(0);
    else {
      for (let p = start; p < end; p++) {
        const row = idx[p]!;
        for (let e = rowPtr[row]!; e < rowPtr[row + 1]!; e++) {
          const s = slots[e]! * S;
          for (let t = 0; t < S; t++) h[s + t] = 0;
        }
      }
    }
    pool.push(h);
  };
  /** Adds the sparse entries of rows idx[start..end) into h. */
  const accumulate = (h: Float64Array, start: number, end: number): void => {
    if (rowClass) {
      for (let p = start; p < end; p++) {
        const row = idx[p]!, c = rowClass[row]!, w = stats[row * S + c]!;
        for (let e = rowPtr[row]!; e < rowPtr[row + 1]!; e++) h[slots[e]! * S + c] += w;
      }
      return;
    }
    for (let p = start; p < end; p++) {
      const row = idx[p]!, o = row * S;
      for (let e = rowPtr[row]!; e < rowPtr[row + 1]!; e++) {
        const s = slots[e]! * S;
        for (let t = 0; t < S; t++) h[s + t] += stats[o + t]!;
      }
    }
  };

  let empty = 0; // gini: weights at or below this are rounding residue
  // gini: the classes with weight in the current node (direct nodes skip the others, whose sums
  // are exactly 0 there, which leaves every sum unchanged)
  const present = Int32Array.from({ length: S }, (_, t) => t);
  let nPresent = S;
  /** How much of the node lies in a histogram slot (≤ 0 means the slot is empty). */
  const occupancy = (h: Float64Array, base: number): number => {
    if (crit.kind === 'gini') { let w = 0; for (let t = 0; t < S; t++) w += h[base + t]!; return w - empty; }
    return h[base + 1]!; // the count (friedman) or the hessian sum (newton)
  };
  /** Proxy score of a split with `left` and `total − left`; -Infinity when not allowed. */
  const score = (): number => {
    if (crit.kind === 'gini') {
      let wl = 0, wr = 0, sl = 0, sr = 0;
      for (let t = 0; t < S; t++) {
        const l = left[t]!, r = total[t]! - l;
        wl += l; wr += r; sl += l * l; sr += r * r;
      }
      return wl > empty && wr > empty ? sl / wl + sr / wr : -Infinity;
    }
    if (crit.kind === 'friedman') {
      const cl = left[1]!, cr = total[1]! - cl;
      if (cl < 1 || cr < 1) return -Infinity;
      const diff = cr * left[0]! - cl * (total[0]! - left[0]!);
      return (diff * diff) / (cl * cr);
    }
    const hl = left[1]!, hr = total[1]! - hl;
    if (hl < crit.minChildWeight || hr < crit.minChildWeight) return -Infinity;
    const gl = left[0]!, gr = total[0]! - gl;
    return (gl * gl) / (hl + crit.lambda) + (gr * gr) / (hr + crit.lambda);
  };
  const occupancyDirect = (h: Float64Array, base: number): number => {
    if (!rowClass) return occupancy(h, base);
    let w = 0;
    for (let u = 0; u < nPresent; u++) w += h[base + present[u]!]!;
    return w - empty;
  };
  const scoreDirect = (): number => {
    if (!rowClass) return score();
    let wl = 0, wr = 0, sl = 0, sr = 0;
    for (let u = 0; u < nPresent; u++) {
      const t = present[u]!, l = left[t]!, r = total[t]! - l;
      wl += l; wr += r; sl += l * l; sr += r * r;
    }
    return wl > empty && wr > empty ? sl / wl + sr / wr : -Infinity;
  };
  const splittable = (depth: number, count: number): boolean => depth < opts.maxDepth && count >= 2;

  // Stack of pending nodes: start, end, depth, node id, histogram index in `owned` (−1: none yet),
  // and alongside, the features already known to be constant there (as sklearn, they are skipped).
  const stack: number[] = [];
  const constStack: Int32Array[] = [];
  const owned: (Float64Array | undefined)[] = [];
  stack.push(0, idx.length, 0, builder.addNode(), -1);
  constStack.push(new Int32Array(0));
  while (stack.length > 0) {
    const histId = stack.pop()!, node = stack.pop()!, depth = stack.pop()!, end = stack.pop()!, start = stack.pop()!;
    const known = constStack.pop()!;
    let hist = histId >= 0 ? owned[histId] : undefined;
    const derived = hist !== undefined;
    if (histId >= 0) owned[histId] = undefined;
    total.fill(0);
    for (let p = start; p < end; p++) {
      const o = idx[p]! * S;
      for (let t = 0; t < S; t++) total[t] += stats[o + t]!;
    }
    if (crit.kind === 'gini') {
      let w = 0, occupied = 0;
      for (let t = 0; t < S; t++) { w += total[t]!; if (total[t]! > 0) present[occupied++] = t; }
      nPresent = occupied;
      empty = RELATIVE_EMPTY * w;
      if (occupied <= 1) { // pure
        if (hist) release(hist, start, end, derived);
        makeLeaf(node);
        continue;
      }
    }
    if (!splittable(depth, end - start)) {
      if (hist) release(hist, start, end, derived);
      makeLeaf(node);
      continue;
    }
    const direct = !hist && directFor(end - start);
    if (!direct && !hist) { hist = acquire(); accumulate(hist, start, end); }
    if (direct) gatherNode(start, end);

    // sklearn's feature draw: features come in random order without replacement (which also breaks
    // ties at random); every draw counts toward maxFeatures, even of a feature known (from an
    // ancestor) or found to be constant here, but drawing goes on until one non-constant feature
    // was examined or none is left.
    for (let c = 0; c < known.length; c++) isConstant[known[c]!] = 1;
    const fixedUp: number[] = [];
    const foundConstant: number[] = [];
    let bestF = -1, bestBin = -1, bestScore = -Infinity;
    let examined = 0, drawn = 0, freeLeft = nCandidates - known.length;
    while (freeLeft > 0 && (drawn < maxFeatures || examined === 0)) {
      const j = drawn + rng.int(nCandidates - drawn);
      const f = order[j]!;
      order[j] = order[drawn]!;
      order[drawn++] = f;
      if (isConstant[f]) continue;
      freeLeft--;
      const nb = nBins[f]!;
      // The feature's bins: bin bb's statistics at h[(base + bb)·S …].
      let h: Float64Array, base: number, occupiedBins = 0, touchedCount = 0;
      if (direct) {
        h = local; base = 0;
        touchedCount = sumDirect(f, start, end);
        for (let t = 0; t < touchedCount; t++) if (occupancyDirect(h, touched[t]! * S) > 0) occupiedBins++;
      } else {
        h = hist!; base = offset[f]!;
        const def = (base + defaultBin[f]!) * S;
        for (let t = 0; t < S; t++) {
          let rest = 0;
          for (let bb = 0; bb < nb; bb++) rest += h[(base + bb) * S + t]!;
          h[def + t] = total[t]! - rest;
        }
        fixedUp.push(f);
        for (let bb = 0; bb < nb; bb++) if (occupancy(h, (base + bb) * S) > 0) occupiedBins++;
      }
      if (occupiedBins < 2) {
        foundConstant.push(f);
        if (direct) clearDirect(touchedCount);
        continue;
      }
      examined++;
      left.fill(0);
      let improved = false;
      if (direct) {
        // Only the occupied bins, in ascending order (empty ones repeat the previous cut).
        if (touchedCount <= 16) sortAscending(touched, touchedCount);
        else for (let bb = 0, j = 0; bb < nb; bb++) if (isTouched[bb]) touched[j++] = bb;
        for (let j = 0; j < touchedCount; j++) {
          const bb = touched[j]!;
          if (bb + 1 >= nb) break;
          const at = bb * S;
          if (rowClass) for (let u = 0; u < nPresent; u++) { const t = present[u]!; left[t] += h[at + t]!; }
          else for (let t = 0; t < S; t++) left[t] += h[at + t]!;
          if (occupancyDirect(h, at) <= 0) continue;
          const s = scoreDirect();
          if (s > bestScore) { bestScore = s; bestF = f; bestBin = bb; improved = true; }
        }
      } else {
        for (let bb = 0; bb + 1 < nb; bb++) {
          const at = (base + bb) * S;
          for (let t = 0; t < S; t++) left[t] += h[at + t]!;
          if (occupancy(h, at) <= 0) continue; // an empty bin: the same partition as the previous cut
          const s = score();
          if (s > bestScore) { bestScore = s; bestF = f; bestBin = bb; improved = true; }
        }
      }
      if (improved) bestBin = centredCut(h, base, f, bestBin);
      if (direct) clearDirect(touchedCount);
    }
    for (let c = 0; c < known.length; c++) isConstant[known[c]!] = 0;
    if (bestF >= 0 && crit.kind === 'newton') {
      const parent = (total[0]! * total[0]!) / (total[1]! + crit.lambda);
      if (!(bestScore - parent > NEWTON_MIN_GAIN)) bestF = -1;
    }
    // Back to the raw sparse sums: default bins hold nothing until fixed up.
    for (const f of fixedUp) {
      const def = (offset[f]! + defaultBin[f]!) * S;
      for (let t = 0; t < S; t++) hist![def + t] = 0;
    }
    if (bestF < 0) {
      if (hist) release(hist, start, end, derived);
      makeLeaf(node);
      continue;
    }
    // Partition the node's rows: bin <= bestBin goes left.
    let i = start, j = end - 1;
    while (i <= j) {
      if (bins[idx[i]! * d + bestF]! <= bestBin) i++;
      else { const t = idx[i]!; idx[i] = idx[j]!; idx[j] = t; j--; }
    }
    const l = builder.addNode(), r = builder.addNode();
    builder.setSplit(node, bestF, thresholds[bestF]![bestBin]!, l, r);
    const constants = new Int32Array(known.length + foundConstant.length);
    constants.set(known);
    constants.set(foundConstant, known.length);
    const leftSmaller = i - start <= end - i;
    const [sStart, sEnd, bStart, bEnd] = leftSmaller ? [start, i, i, end] : [i, end, start, i];
    const [sNode, bNode] = leftSmaller ? [l, r] : [r, l];
    // Subtract when the bigger child will need a histogram and summing its rows costs more.
    if (hist && splittable(depth + 1, bEnd - bStart) && !directFor(bEnd - bStart) && (bEnd - bStart) * nnzPerRow * S > histLength) {
      const small = acquire();
      accumulate(small, sStart, sEnd);
      for (let s = 0; s < histLength; s++) hist[s] = hist[s]! - small[s]!;
      owned.push(hist);
      stack.push(bStart, bEnd, depth + 1, bNode, owned.length - 1);
      owned.push(small);
      stack.push(sStart, sEnd, depth + 1, sNode, owned.length - 1);
    } else {
      if (hist) release(hist, start, end, derived);
      stack.push(bStart, bEnd, depth + 1, bNode, -1);
      stack.push(sStart, sEnd, depth + 1, sNode, -1);
    }
    constStack.push(constants, constants);
    while (owned.length > 0 && owned[owned.length - 1] === undefined) owned.pop();
  }
  return builder.build();

  function makeLeaf(node: number): void {
    opts.leafValue(total, leafOut);
    builder.setValue(node, leafOut);
  }

  /** Among the cuts that separate the node's rows identically (empty bins between the last left and
   * first right occupied bin), take the one nearest the middle of the gap, like sklearn's midpoint
   * between neighbouring values. */
  function centredCut(hist: Float64Array, base: number, f: number, bb: number): number {
    const nb = nBins[f]!;
    let next = bb + 1;
    while (next < nb && occupancy(hist, (base + next) * S) <= 0) next++;
    const cuts = thresholds[f]!;
    const hi = Math.min(next - 1, nb - 2);
    if (hi <= bb) return bb;
    const mid = (cuts[bb]! + cuts[hi]!) / 2;
    let best = bb;
    for (let c = bb + 1; c <= hi; c++) if (Math.abs(cuts[c]! - mid) < Math.abs(cuts[best]! - mid)) best = c;
    return best;
  }
}

/** Sorts a short a[0..count) ascending in place (insertion sort). */
function sortAscending(a: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) { a[j + 1] = a[j]!; j--; }
    a[j + 1] = v;
  }
}
