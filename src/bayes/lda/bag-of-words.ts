// Documents as sparse word counts over a vocabulary, and the per-document clipping that bounds a
// document's influence on the topic–word statistics.
import type { Vocabulary } from './vocabulary.js';

/** Distinct in-vocabulary word ids (ascending) and their counts (real numbers after clipping). */
export interface BagOfWords {
  readonly ids: Int32Array;
  readonly counts: Float64Array;
}

/** Counts of the in-vocabulary tokens; out-of-vocabulary tokens are dropped. */
export function toBagOfWords(tokens: readonly string[], vocabulary: Vocabulary): BagOfWords {
  const counts = new Map<number, number>();
  for (const token of tokens) {
    const id = vocabulary.index.get(token);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ids = Int32Array.from(counts.keys()).sort();
  return { ids, counts: Float64Array.from(ids, (id) => counts.get(id)!) };
}

export function countNorm(doc: BagOfWords): number {
  let s = 0;
  for (let j = 0; j < doc.counts.length; j++) s += doc.counts[j]! ** 2;
  return Math.sqrt(s);
}

export function tokenCount(doc: BagOfWords): number {
  let s = 0;
  for (let j = 0; j < doc.counts.length; j++) s += doc.counts[j]!;
  return s;
}

/**
 * Scales the count vector n_d so that ‖n_d‖₂ ≤ `maxNorm` (the public --max-doc-norm); documents
 * already inside the ball are returned unchanged. Scaling (not truncating tokens) keeps the
 * document's word proportions. The E-step accepts real-valued counts.
 */
export function clipDocument(doc: BagOfWords, maxNorm: number): BagOfWords {
  const norm = countNorm(doc);
  if (norm <= maxNorm) return doc;
  const scale = maxNorm / norm;
  return { ids: doc.ids, counts: Float64Array.from(doc.counts, (c) => c * scale) };
}
