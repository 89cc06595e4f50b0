/**
 * The vocabulary of the topic model. The word list itself is data: a word used by one document is
 * evidence that the document exists. So the vocabulary is either declared public (`--vocab FILE`,
 * free) or released privately here:
 *
 *  1. Each document contributes each distinct word at most once, and at most `maxWordsPerDoc` (m,
 *     public) distinct words: when it has more, the m of smallest keyed hash, a choice that depends
 *     on that document alone. The document-frequency
 *     histogram then moves by at most 1 in at most m entries when one document is added or removed:
 *     L2 sensitivity √m.
 *  2. Gaussian noise of std σ_v·√m on every observed word's count (one Gaussian mechanism,
 *     noise multiplier σ_v), from the secure source.
 *  3. Only words whose noisy count exceeds τ = 1 + z·std, Φ(−z) = δ_τ, are kept. Why: the set of
 *     observed words is itself data-dependent — a word held by one document exists in one
 *     neighbour's histogram and not the other's, and no noise hides a key that one side can never
 *     output. Such a word has count 1 and is released only if its noise exceeds z·std (probability
 *     δ_τ); one document holds at most m such words, so outside an event of probability ≤ m·δ_τ the
 *     release is the Gaussian mechanism on the words both neighbours share. m·δ_τ is reserved in
 *     the ledger (as estimate/categories.ts does for categories).
 *  4. The `vocabSize` words with the largest released noisy counts are kept (post-processing).
 */
import { UserError } from '../../errors.js';
import { fillSecureGaussian } from '../../engine/random/secure-gaussian.js';
import type { Rng } from '../../engine/random/seeded-rng.js';
import { categoryThreshold } from '../../estimate/categories.js';
import { gaussian, type Ledger } from '../../privacy/index.js';
import { splitKey } from './split.js';

export interface Vocabulary {
  readonly words: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

export function vocabularyOf(words: readonly string[]): Vocabulary {
  return { words, index: new Map(words.map((w, i) => [w, i])) };
}

const byWord = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Parses a public vocabulary file: one word per line (first field; blank lines and # comments skipped). */
export function parseVocabularyFile(text: string, source: string): Vocabulary {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const word = line.trim().split(/\s+/)[0]!.toLowerCase();
    if (word === '' || word.startsWith('#') || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  if (words.length < 2) throw new UserError(`The vocabulary file ${source} lists ${words.length} word${words.length === 1 ? '' : 's'}; write at least two words, one per line.`);
  return vocabularyOf(words);
}

/**
 * Distinct words of a document, at most `cap` of them: when longer, the `cap` words of smallest
 * keyed hash. The subset depends only on this document and the key — never on other documents (a
 * random stream shared across documents would let one added document change every later subset,
 * breaking the √cap sensitivity).
 */
export function cappedDistinctWords(tokens: readonly string[], cap: number, key: number): string[] {
  const distinct = [...new Set(tokens)];
  if (distinct.length <= cap) return distinct;
  return distinct.map((w) => [splitKey(w, key), w] as const).sort((a, b) => a[0] - b[0] || byWord(a[1], b[1])).slice(0, cap).map((e) => e[1]);
}

/** Document frequencies with each document contributing ≤ `cap` distinct words, once each. */
export function documentFrequencies(docs: readonly (readonly string[])[], cap: number, key: number): Map<string, number> {
  const df = new Map<string, number>();
  for (const tokens of docs) for (const w of cappedDistinctWords(tokens, cap, key)) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
}

/** Non-private: the `vocabSize` words of largest exact document frequency (ties by word). */
export function exactVocabulary(docs: readonly (readonly string[])[], vocabSize: number): Vocabulary {
  const df = new Map<string, number>();
  for (const tokens of docs) for (const w of new Set(tokens)) df.set(w, (df.get(w) ?? 0) + 1);
  const ranked = [...df].sort((a, b) => b[1] - a[1] || byWord(a[0], b[0])).slice(0, vocabSize);
  return vocabularyOf(ranked.map((e) => e[0]).sort(byWord));
}

export interface PrivateVocabularyOptions {
  /** m: distinct words counted per document (public). */
  readonly maxWordsPerDoc: number;
  readonly vocabSize: number;
  /** σ_v: the noise std is σ_v·√m. */
  readonly noiseMultiplier: number;
  /** δ reserved for the threshold in all (= m·δ_τ). */
  readonly thresholdDelta: number;
  /** Picks the per-document subsets (not privacy noise: any subset keeps the sensitivity bound). */
  readonly rng: Rng;
}

export interface ReleasedVocabulary extends Vocabulary {
  /** Noisy document frequencies of the kept words, aligned with `words`. */
  readonly noisyCounts: readonly number[];
  readonly threshold: number;
  readonly noiseStd: number;
  readonly sensitivity: number;
  /** Words above the threshold before the top-vocabSize cut. */
  readonly aboveThreshold: number;
}

export function vocabularySensitivity(maxWordsPerDoc: number): number {
  return Math.sqrt(maxWordsPerDoc);
}

/** Reserves δ, registers the Gaussian release and returns the released vocabulary (see the module comment). */
export function releaseVocabulary(ledger: Ledger, docs: readonly (readonly string[])[], o: PrivateVocabularyOptions): ReleasedVocabulary {
  const m = o.maxWordsPerDoc;
  if (!Number.isInteger(m) || m < 1) throw new UserError(`The number of distinct words counted per document for the vocabulary must be a whole number >= 1, got ${m}.`);
  const sensitivity = vocabularySensitivity(m);
  const std = o.noiseMultiplier * sensitivity;
  const deltaPerWord = o.thresholdDelta / m;
  const threshold = categoryThreshold(std, deltaPerWord);
  ledger.reserveDelta('threshold of the private vocabulary', o.thresholdDelta, { deltaPerWord, wordsPerDocument: m, threshold });
  ledger.register('vocabulary (thresholded Gaussian histogram of document frequencies)', gaussian(o.noiseMultiplier), {
    sensitivity, noiseStd: std, threshold, wordsPerDocument: m, neighbours: 'add-remove-one',
  });
  const df = documentFrequencies(docs, m, o.rng.nextUint32());
  const noise = new Float64Array(df.size);
  fillSecureGaussian(noise, std);
  const kept: [string, number][] = [];
  let k = 0;
  for (const [word, count] of df) {
    const noisy = count + noise[k++]!;
    if (noisy > threshold) kept.push([word, noisy]);
  }
  // The observed-word map's order follows the data; only released (noisy) values decide the cut.
  const top = kept.sort((a, b) => b[1] - a[1] || byWord(a[0], b[0])).slice(0, o.vocabSize).sort((a, b) => byWord(a[0], b[0]));
  const words = top.map((e) => e[0]);
  return { ...vocabularyOf(words), noisyCounts: top.map((e) => e[1]), threshold, noiseStd: std, sensitivity, aboveThreshold: kept.length };
}
