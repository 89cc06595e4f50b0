// Classification metrics with sklearn's definitions (roc_auc_score, average_precision_score,
// accuracy_score, f1_score). Undefined values (e.g. ROC-AUC with one class present) are NaN.
import { ensure } from '../errors.js';

type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

/** Area under the ROC curve of `scores` for binary `labels` (1 = positive, anything else negative).
 * Tied scores share their average rank, which equals sklearn's trapezoidal ROC-AUC. */
export function rocAuc(labels: Labels, scores: Scores): number {
  checkPair(labels, scores);
  const n = labels.length;
  const order = sortedByScore(scores);
  let rankSumPos = 0, pos = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1..j, averaged
    for (let t = i; t < j; t++) if (labels[order[t]!] === 1) { rankSumPos += avgRank; pos++; }
    i = j;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** sklearn's average_precision_score: Σ (R_t − R_{t−1})·P_t over distinct score thresholds, highest
 * first. NaN without positives. */
export function averagePrecision(labels: Labels, scores: Scores): number {
  checkPair(labels, scores);
  const n = labels.length;
  const order = sortedByScore(scores).reverse();
  let totalPos = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) totalPos++;
  if (totalPos === 0) return NaN;
  let tp = 0, fp = 0, prevRecall = 0, ap = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      if (labels[order[j]!] === 1) tp++;
      else fp++;
      j++;
    }
    const recall = tp / totalPos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j;
  }
  return ap;
}

export function accuracy(yTrue: Labels, yPred: Labels): number {
  checkPair(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return yTrue.length === 0 ? NaN : hit / yTrue.length;
}

export interface F1Scores {
  /** Unweighted mean over the labels present in yTrue or yPred (sklearn average='macro'). */
  macro: number;
  /** Mean weighted by support in yTrue (sklearn average='weighted'). */
  weighted: number;
  /** Per class 0..k-1 (0 when the class never occurs). */
  perClass: Float64Array;
}

/** F1 scores for class indices 0..k-1; a zero denominator gives 0, as sklearn's zero_division. */
export function f1Scores(yTrue: Labels, yPred: Labels, k: number): F1Scores {
  checkPair(yTrue, yPred);
  const tp = new Float64Array(k), fp = new Float64Array(k), fn = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!, p = yPred[i]!;
    ensure(t >= 0 && t < k && p >= 0 && p < k, `Labels must be class indices in 0..${k - 1}; got ${t} and ${p}.`);
    if (t === p) tp[t]!++;
    else { fp[p]!++; fn[t]!++; }
  }
  const perClass = new Float64Array(k);
  let macro = 0, present = 0, weighted = 0, support = 0;
  for (let c = 0; c < k; c++) {
    const s = tp[c]! + fn[c]!;
    const denom = 2 * tp[c]! + fp[c]! + fn[c]!; // F1 = 2TP / (2TP + FP + FN)
    perClass[c] = denom === 0 ? 0 : (2 * tp[c]!) / denom;
    if (s > 0 || fp[c]! > 0) { macro += perClass[c]!; present++; }
    weighted += s * perClass[c]!;
    support += s;
  }
  return { macro: present ? macro / present : NaN, weighted: support ? weighted / support : NaN, perClass };
}

/** One-vs-rest ROC-AUC averaged over classes (sklearn multi_class='ovr', average='macro'); classes
 * absent from yTrue (or the only ones present) are skipped. `scores` is row-major n×k. */
export function rocAucOvr(yTrue: Labels, scores: Scores, k: number): number {
  return ovrMean(yTrue, scores, k, rocAuc);
}

/** One-vs-rest average precision averaged over classes, as rocAucOvr. */
export function averagePrecisionOvr(yTrue: Labels, scores: Scores, k: number): number {
  return ovrMean(yTrue, scores, k, averagePrecision);
}

/** Row-wise argmax of an n×k matrix (the first maximum on ties, as numpy). */
export function argmaxRows(scores: Scores, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[i * k + c]! > scores[i * k + best]!) best = c;
    out[i] = best;
  }
  return out;
}

function ovrMean(yTrue: Labels, scores: Scores, k: number, metric: (l: Labels, s: Scores) => number): number {
  const n = yTrue.length;
  ensure(scores.length === n * k, `Expected ${n} rows × ${k} classes = ${n * k} scores, got ${scores.length}.`);
  const labels = new Int8Array(n);
  const column = new Float64Array(n);
  let sum = 0, used = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) { labels[i] = yTrue[i] === c ? 1 : 0; column[i] = scores[i * k + c]!; }
    const v = metric(labels, column);
    if (!Number.isNaN(v)) { sum += v; used++; }
  }
  return used ? sum / used : NaN;
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): void {
  ensure(a.length === b.length, `Labels and scores differ in length (${a.length} vs ${b.length}).`);
  for (let i = 0; i < b.length; i++) ensure(!Number.isNaN(b[i]!), `Score ${i} is NaN; metrics need numbers.`);
}

function sortedByScore(scores: Scores): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[a]! - scores[b]! || 0);
  return order;
}
