/**
 * Held-out perplexity by document completion (Wallach et al. 2009, "Evaluation methods for topic
 * models", §5.1): each held-out document's in-vocabulary tokens are shuffled (seeded) and cut in
 * two; θ_d is inferred from the first half with the fitted topics (the same E-step as training,
 * point estimate θ̂ = γ/Σγ), and the second half is scored with
 *   log p(w) = log Σ_k θ̂_dk β̂_kw,   β̂_k = λ_k/Σ_w λ_kw (posterior-mean topics);
 * perplexity = exp(−Σ log p / number of scored tokens). Out-of-vocabulary tokens are dropped, so
 * figures are comparable only over one vocabulary; a uniform model over V words scores exactly V.
 * Test documents are never clipped. This figure is computed on the held-out documents and is NOT
 * privatized: it is an evaluation for the data holder, like a test-set accuracy.
 */
import { shuffleInPlace, type Rng } from '../../engine/random/seeded-rng.js';
import type { Vocabulary } from './vocabulary.js';
import { toBagOfWords, type BagOfWords } from './bag-of-words.js';
import { expectedBeta, fitDocument, type EStepOptions } from './estep.js';

export const PERPLEXITY_ESTIMATOR = 'document completion: θ inferred from a random half of each held-out document\'s in-vocabulary tokens, perplexity = exp(−mean log p(w)) over the other half, p(w) = Σ_k θ̂_k β̂_kw with posterior means θ̂ = γ/Σγ, β̂ = λ/Σλ';

export interface CompletionDocument {
  readonly observed: BagOfWords;
  /** Word ids of the scored half (with repeats). */
  readonly heldOut: Int32Array;
}

/** Splits each test document's in-vocabulary tokens in two halves; documents with < 2 such tokens are skipped. */
export function completionSplit(docs: readonly (readonly string[])[], vocabulary: Vocabulary, rng: Rng): CompletionDocument[] {
  const out: CompletionDocument[] = [];
  for (const tokens of docs) {
    const inVocab = tokens.filter((t) => vocabulary.index.has(t));
    if (inVocab.length < 2) continue;
    shuffleInPlace(inVocab, rng);
    const half = Math.floor(inVocab.length / 2);
    out.push({
      observed: toBagOfWords(inVocab.slice(0, half), vocabulary),
      heldOut: Int32Array.from(inVocab.slice(half), (t) => vocabulary.index.get(t)!),
    });
  }
  return out;
}

export interface PerplexityResult {
  readonly perplexity: number;
  readonly documents: number;
  readonly scoredTokens: number;
  /** Perplexity of the uniform model over the vocabulary (= V). */
  readonly uniform: number;
  readonly estimator: string;
}

export function completionPerplexity(lambda: Float64Array, topics: number, vocabSize: number, docs: readonly CompletionDocument[], o: EStepOptions): PerplexityResult {
  const K = topics, V = vocabSize;
  const expBeta = expectedBeta(lambda, K, V);
  const beta = new Float64Array(K * V);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let w = 0; w < V; w++) s += lambda[k * V + w]!;
    for (let w = 0; w < V; w++) beta[k * V + w] = lambda[k * V + w]! / s;
  }
  let logSum = 0, tokens = 0;
  for (const doc of docs) {
    const { gamma } = fitDocument(doc.observed, expBeta, K, V, o);
    let g = 0;
    for (let k = 0; k < K; k++) g += gamma[k]!;
    for (const w of doc.heldOut) {
      let p = 0;
      for (let k = 0; k < K; k++) p += (gamma[k]! / g) * beta[k * V + w]!;
      logSum += Math.log(p);
      tokens++;
    }
  }
  return { perplexity: tokens > 0 ? Math.exp(-logSum / tokens) : NaN, documents: docs.length, scoredTokens: tokens, uniform: V, estimator: PERPLEXITY_ESTIMATOR };
}
