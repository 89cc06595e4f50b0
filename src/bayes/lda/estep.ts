/**
 * The local (per-document) step of variational LDA (Hoffman, Blei, Bach 2010):
 *   φ_dwk ∝ exp(E[log θ_dk] + E[log β_kw]),   γ_dk = α + Σ_w n_dw φ_dwk,
 * iterated until the mean change of γ is below `tolerance` (≤ `maxIterations` times). A document's
 * contribution to the topic–word sufficient statistic is the K×|ids| block n_dw·φ_dwk.
 *
 * Sensitivity (why the clipping bound is the L2 sensitivity). For each word, φ_dw· is a probability
 * vector over topics: φ_dwk ≥ 0 and Σ_k φ_dwk = 1, so Σ_k φ_dwk² ≤ (Σ_k φ_dwk)² = 1. Hence
 *   ‖n_d·φ_d‖_F² = Σ_w n_dw² Σ_k φ_dwk² ≤ Σ_w n_dw² = ‖n_d‖₂² ≤ C²
 * once the counts are clipped to ‖n_d‖₂ ≤ C. φ_d depends only on document d and the current (already
 * released) λ, so adding or removing one document moves the batch sum by at most C in Frobenius
 * norm (replacing one: at most 2C). The contribution is computed from the same φ that is
 * normalised over k, so the bound holds exactly (up to rounding), whatever γ converged to.
 */
import type { BagOfWords } from './bag-of-words.js';
import { digamma } from '../../dirichlet/special.js';

export interface EStepOptions {
  readonly alpha: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

export const ESTEP_DEFAULTS = { maxIterations: 100, tolerance: 1e-3 } as const;

/** exp(E[log β_kw]) = exp(ψ(λ_kw) − ψ(Σ_w λ_kw)), K×V row-major. */
export function expectedBeta(lambda: Float64Array, topics: number, vocabSize: number): Float64Array {
  const out = new Float64Array(topics * vocabSize);
  for (let k = 0; k < topics; k++) {
    let sum = 0;
    for (let w = 0; w < vocabSize; w++) sum += lambda[k * vocabSize + w]!;
    const psiSum = digamma(sum);
    for (let w = 0; w < vocabSize; w++) out[k * vocabSize + w] = Math.exp(digamma(lambda[k * vocabSize + w]!) - psiSum);
  }
  return out;
}

/** exp(E[log θ_k]) for a Dirichlet(γ). */
function expectedTheta(gamma: Float64Array, out: Float64Array): void {
  let sum = 0;
  for (let k = 0; k < gamma.length; k++) sum += gamma[k]!;
  const psiSum = digamma(sum);
  for (let k = 0; k < gamma.length; k++) out[k] = Math.exp(digamma(gamma[k]!) - psiSum);
}

/** The document's columns of exp(E[log β]): K×L with L = number of distinct words. */
function gatherBeta(doc: BagOfWords, expBeta: Float64Array, topics: number, vocabSize: number): Float64Array {
  const L = doc.ids.length;
  const local = new Float64Array(topics * L);
  for (let k = 0; k < topics; k++) for (let j = 0; j < L; j++) local[k * L + j] = expBeta[k * vocabSize + doc.ids[j]!]!;
  return local;
}

export interface DocumentFit {
  readonly gamma: Float64Array;
  readonly iterations: number;
  /** n_dw·φ_dwk, K×L row-major (columns in the order of doc.ids). */
  readonly contribution: Float64Array;
}

/** Fits q(θ_d) = Dirichlet(γ) for one document and returns its statistic n_dw·φ_dwk. */
export function fitDocument(doc: BagOfWords, expBeta: Float64Array, topics: number, vocabSize: number, o: EStepOptions): DocumentFit {
  const K = topics, L = doc.ids.length;
  const maxIterations = o.maxIterations ?? ESTEP_DEFAULTS.maxIterations, tolerance = o.tolerance ?? ESTEP_DEFAULTS.tolerance;
  const beta = gatherBeta(doc, expBeta, K, vocabSize);
  let total = 0;
  for (let j = 0; j < L; j++) total += doc.counts[j]!;
  const gamma = new Float64Array(K).fill(o.alpha + total / K);
  const theta = new Float64Array(K);
  const ratio = new Float64Array(L); // n_j / Σ_k θ_k β_kj
  const norms = (): void => {
    expectedTheta(gamma, theta);
    for (let j = 0; j < L; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += theta[k]! * beta[k * L + j]!;
      ratio[j] = doc.counts[j]! / (s > 0 ? s : 1e-300);
    }
  };
  let iterations = 0;
  norms();
  while (iterations < maxIterations && L > 0) {
    iterations++;
    let change = 0;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < L; j++) s += ratio[j]! * beta[k * L + j]!;
      const next = o.alpha + theta[k]! * s;
      change += Math.abs(next - gamma[k]!);
      gamma[k] = next;
    }
    norms();
    if (change / K < tolerance) break;
  }
  // φ_jk = θ_k β_kj / Σ_k' θ_k' β_k'j with the final γ: each column sums to 1 over k.
  const contribution = new Float64Array(K * L);
  for (let j = 0; j < L; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += theta[k]! * beta[k * L + j]!;
    const c = s > 0 ? doc.counts[j]! / s : 0;
    for (let k = 0; k < K; k++) contribution[k * L + j] = c * theta[k]! * beta[k * L + j]!;
  }
  return { gamma, iterations, contribution };
}

/** out[k, ids[j]] += contribution[k, j]. */
export function addContribution(out: Float64Array, doc: BagOfWords, contribution: Float64Array, topics: number, vocabSize: number): void {
  const L = doc.ids.length;
  for (let k = 0; k < topics; k++) for (let j = 0; j < L; j++) out[k * vocabSize + doc.ids[j]!] += contribution[k * L + j]!;
}

/** The pre-noise mini-batch sum Σ_{d∈batch} n_dw·φ_dwk (K×V), given exp(E[log β]). */
export function batchStatistics(docs: readonly BagOfWords[], batch: Int32Array | readonly number[], expBeta: Float64Array, topics: number, vocabSize: number, o: EStepOptions): Float64Array {
  const sum = new Float64Array(topics * vocabSize);
  for (const d of batch) {
    const doc = docs[d]!;
    if (doc.ids.length === 0) continue;
    addContribution(sum, doc, fitDocument(doc, expBeta, topics, vocabSize, o).contribution, topics, vocabSize);
  }
  return sum;
}
