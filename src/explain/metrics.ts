// Scores of an importance ranking against a known ground truth (the card's §3.4): true-positive and
// false-discovery rate of the top-k selection, MCC of the flattened top-k one-hot selection, and the
// median rank of the relevant features. Everything is row-major [n, D]; a global importance (D
// values) stands for every row. Ties rank the lower feature index first, so results are repeatable.
import { descendingOrder } from '../engine/order.js';

/** Feature indices of each row, most important first: row-major [n, D]. */
export function rankFeatures(importance: ArrayLike<number>, d: number): Int32Array {
  const n = rowsOf(importance.length, d, 'importance');
  const out = new Int32Array(n * d);
  for (let i = 0; i < n; i++) out.set(descendingOrder(importance, i * d, d), i * d);
  return out;
}

/**
 * One-hot top-k selection per row, [n, D]. k: one number for all rows, or one per row (e.g. the
 * size of each row's ground truth, as for the switch sets).
 */
export function topKSelection(importance: ArrayLike<number>, d: number, k: number | ArrayLike<number>): Uint8Array {
  const n = rowsOf(importance.length, d, 'importance');
  if (typeof k !== 'number' && k.length !== n) throw new Error(`topKSelection: ${k.length} values of k for ${n} rows.`);
  const ranks = rankFeatures(importance, d);
  const out = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) {
    const ki = typeof k === 'number' ? k : k[i]!;
    if (!Number.isInteger(ki) || ki < 0 || ki > d) throw new Error(`topKSelection: k must be a whole number in [0, ${d}], got ${ki}.`);
    for (let r = 0; r < ki; r++) out[i * d + ranks[i * d + r]!] = 1;
  }
  return out;
}

/** Mean over rows of |selected ∩ relevant| / |relevant| (rows without relevant features are skipped). */
export function truePositiveRate(selected: ArrayLike<number>, truth: ArrayLike<number>, d: number): number {
  return meanOverRows(selected, truth, d, (hit, _sel, rel) => (rel === 0 ? null : hit / rel));
}

/** Mean over rows of |selected ∖ relevant| / |selected| (rows with nothing selected are skipped). */
export function falseDiscoveryRate(selected: ArrayLike<number>, truth: ArrayLike<number>, d: number): number {
  return meanOverRows(selected, truth, d, (hit, sel) => (sel === 0 ? null : (sel - hit) / sel));
}

/**
 * Matthews correlation between the flattened selection and ground truth (all n·D entries as one
 * binary classification). 0 when either is constant (the usual convention: no correlation).
 */
export function selectionMcc(selected: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (selected.length !== truth.length) throw new Error(`selectionMcc: ${selected.length} selected entries for ${truth.length} ground-truth entries.`);
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < selected.length; i++) {
    const s = selected[i] !== 0, t = truth[i] !== 0;
    if (s && t) tp++; else if (s) fp++; else if (t) fn++; else tn++;
  }
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return denominator === 0 ? 0 : (tp * tn - fp * fn) / denominator;
}

/**
 * Median of the 1-based ranks (1 = most important) of the relevant features, pooled over all rows
 * and their relevant features; the mean of the middle two for an even count. NaN without any.
 */
export function medianRank(importance: ArrayLike<number>, truth: ArrayLike<number>, d: number): number {
  const n = rowsOf(truth.length, d, 'truth');
  const imp = broadcastRows(importance, n, d);
  const ranks = rankFeatures(imp, d);
  const found: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < d; r++) if (truth[i * d + ranks[i * d + r]!] !== 0) found.push(r + 1);
  }
  if (found.length === 0) return NaN;
  found.sort((a, b) => a - b);
  const mid = found.length >> 1;
  return found.length % 2 === 1 ? found[mid]! : (found[mid - 1]! + found[mid]!) / 2;
}

export interface ExplanationScores {
  readonly truePositiveRate: number;
  readonly falseDiscoveryRate: number;
  readonly mcc: number;
  readonly medianRank: number;
}

/**
 * All four scores of an importance (global [D] or per row [n, D]) against ground truth [n, D]. k
 * defaults to each row's number of relevant features.
 */
export function scoreExplanation(importance: ArrayLike<number>, truth: ArrayLike<number>, d: number, k?: number | ArrayLike<number>): ExplanationScores {
  const n = rowsOf(truth.length, d, 'truth');
  const imp = broadcastRows(importance, n, d);
  const selected = topKSelection(imp, d, k ?? relevantCounts(truth, d));
  return {
    truePositiveRate: truePositiveRate(selected, truth, d),
    falseDiscoveryRate: falseDiscoveryRate(selected, truth, d),
    mcc: selectionMcc(selected, truth),
    medianRank: medianRank(imp, truth, d),
  };
}

/** Number of relevant features per row. */
export function relevantCounts(truth: ArrayLike<number>, d: number): Int32Array {
  const n = rowsOf(truth.length, d, 'truth');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) if (truth[i * d + j] !== 0) out[i]!++;
  return out;
}

/** A global importance [D] repeated for n rows; a per-row one [n, D] unchanged. */
export function broadcastRows(importance: ArrayLike<number>, n: number, d: number): ArrayLike<number> {
  if (importance.length === n * d) return importance;
  if (importance.length !== d) throw new Error(`An importance needs ${d} (global) or ${n * d} (per row) values, got ${importance.length}.`);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = importance[j]!;
  return out;
}

function rowsOf(length: number, d: number, what: string): number {
  if (!Number.isInteger(d) || d < 1) throw new Error(`The feature count must be a whole number >= 1, got ${d}.`);
  if (length % d !== 0) throw new Error(`The ${what} has ${length} values, not a whole number of rows of ${d} features.`);
  return length / d;
}

function meanOverRows(selected: ArrayLike<number>, truth: ArrayLike<number>, d: number, rate: (hits: number, selected: number, relevant: number) => number | null): number {
  const n = rowsOf(truth.length, d, 'truth');
  if (selected.length !== truth.length) throw new Error(`${selected.length} selected entries for ${truth.length} ground-truth entries.`);
  let total = 0, rows = 0;
  for (let i = 0; i < n; i++) {
    let hit = 0, sel = 0, rel = 0;
    for (let j = 0; j < d; j++) {
      const s = selected[i * d + j] !== 0, t = truth[i * d + j] !== 0;
      if (s) sel++;
      if (t) rel++;
      if (s && t) hit++;
    }
    const r = rate(hit, sel, rel);
    if (r !== null) { total += r; rows++; }
  }
  return rows === 0 ? NaN : total / rows;
}
