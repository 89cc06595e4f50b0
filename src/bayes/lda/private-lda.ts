/**
 * `privkit bayes lda` as a library call: tokenize → hold out test documents (by text hash) →
 * vocabulary (public, or released privately) → record count (public, or released) → clip each
 * training document's counts → VIPS → top words and held-out perplexity.
 *
 * Everything that leaves the training documents goes through one add/remove-one ledger:
 *   - the number of training documents (sets q and the default T): `--public-size`, or a Gaussian
 *     count with 1% of the budget's ρ (train/dataset-size.ts);
 *   - the vocabulary: `--vocab FILE`, or a thresholded Gaussian histogram (vocabulary.ts) with
 *     VOCAB_RHO_SHARE of ρ and VOCAB_DELTA_SHARE of δ reserved for the threshold;
 *   - the topics: T Poisson-subsampled Gaussian releases of the clipped statistics (vips.ts), σ
 *     calibrated so that the ledger's total lands on ε.
 * The held-out perplexity is an evaluation on the held-out documents and is not privatized.
 */
import { UserError } from '../../errors.js';
import { createRng } from '../../engine/random/seeded-rng.js';
import { privacyNoiseIsSeeded } from '../../engine/random/secure-gaussian.js';
import { sigmaForRho, totalRho } from '../../estimate/budget.js';
import { calibrateForLedger, createLedger, type LedgerJson } from '../../privacy/index.js';
import { releaseRecordCount } from '../../train/dataset-size.js';
import { clipDocument, toBagOfWords } from './bag-of-words.js';
import { ESTEP_DEFAULTS } from './estep.js';
import { completionPerplexity, completionSplit, type PerplexityResult } from './perplexity.js';
import { splitDocuments } from './split.js';
import { tokenize } from './tokenize.js';
import { topWords, type Topic } from './topics.js';
import { fitLdaVips, ldaVipsEvent, VIPS_LDA_DEFAULTS } from './vips.js';
import { exactVocabulary, releaseVocabulary, vocabularyOf, type Vocabulary } from './vocabulary.js';

export const LDA_DEFAULTS = {
  topics: 20, batchSize: 200, vocabSize: 5000, maxDocNorm: 10, maxWordsPerDoc: 20, testFraction: 0.1, topWords: 10,
} as const;

/** Share of the budget's zCDP ρ for the private vocabulary. */
export const VOCAB_RHO_SHARE = 0.1;
/** Share of the budget δ reserved for the vocabulary threshold. */
export const VOCAB_DELTA_SHARE = 0.1;

export interface LdaOptions {
  readonly documents: readonly string[];
  readonly topics?: number;
  /** The budget; null runs the same algorithm without noise (and with the exact vocabulary and count). */
  readonly privacy: { readonly epsilon: number; readonly delta: number } | null;
  /** Expected mini-batch size S (q = S / number of training documents). */
  readonly batchSize?: number;
  /** Default: one pass, ⌈training documents / S⌉. */
  readonly iterations?: number;
  /** A public vocabulary (free); otherwise released privately (or exactly when non-private). */
  readonly vocabulary?: readonly string[];
  readonly vocabSize?: number;
  /** m for the private vocabulary: distinct words counted per document. */
  readonly maxWordsPerDoc?: number;
  readonly vocabRhoShare?: number;
  /** C: each training document's word counts are scaled to ‖n_d‖₂ ≤ C. */
  readonly maxDocNorm?: number;
  readonly testFraction?: number;
  /** Declared public number of documents in the corpus (training + held out). */
  readonly publicSize?: number;
  readonly seed: number;
  readonly alpha?: number;
  readonly eta?: number;
  readonly tau0?: number;
  readonly kappa?: number;
  readonly topWords?: number;
  readonly onPhase?: (phase: string) => void;
  readonly onIteration?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface LdaResult {
  readonly topics: Topic[];
  /** null when nothing was held out. */
  readonly perplexity: PerplexityResult | null;
  readonly ledger: LedgerJson | null;
  readonly private: boolean;
  readonly noiseMultiplier: number;
  /** σ·C, the std of the noise on each topic–word entry. */
  readonly noiseStd: number;
  readonly samplingRate: number;
  readonly iterations: number;
  readonly expectedBatchSize: number;
  readonly maxDocNorm: number;
  /** The training-document count used for q and T: public, released, or (non-private) exact. */
  readonly trainingDocuments: { readonly count: number; readonly source: 'public' | 'released' | 'exact' };
  readonly heldOutDocuments: number;
  readonly vocabulary: {
    readonly words: readonly string[];
    readonly source: 'public' | 'private' | 'exact';
    readonly threshold?: number;
    readonly noiseStd?: number;
    readonly maxWordsPerDoc?: number;
  };
  readonly prior: { readonly alpha: number; readonly eta: number; readonly tau0: number; readonly kappa: number };
  /** The λ of the fit (K×V), for callers that evaluate further. */
  readonly lambda: Float64Array;
  readonly noiseSeededForTesting: boolean;
}

function whole(x: number | undefined, min: number, flag: string, example: string): void {
  if (x !== undefined && !(Number.isInteger(x) && x >= min)) throw new UserError(`--${flag} must be a whole number >= ${min}, got ${x}; pass e.g. --${flag} ${example}.`);
}

function checkOptions(o: LdaOptions): void {
  whole(o.topics, 2, 'topics', '20');
  whole(o.iterations, 1, 'iterations', '100');
  whole(o.vocabSize, 2, 'vocab-size', '5000');
  whole(o.publicSize, 1, 'public-size', '10000');
  whole(o.maxWordsPerDoc, 1, 'vocab-words-per-doc', '20');
  if (o.batchSize !== undefined && !(o.batchSize > 0 && Number.isFinite(o.batchSize))) throw new UserError(`--batch-size must be a positive number, got ${o.batchSize}; pass e.g. --batch-size 200.`);
  if (o.maxDocNorm !== undefined && !(o.maxDocNorm > 0 && Number.isFinite(o.maxDocNorm))) throw new UserError(`--max-doc-norm must be a positive number, got ${o.maxDocNorm}; pass e.g. --max-doc-norm 10.`);
  if (o.testFraction !== undefined && !(o.testFraction >= 0 && o.testFraction < 1)) throw new UserError(`--test-fraction must be in [0, 1), got ${o.testFraction}; pass e.g. --test-fraction 0.1.`);
  for (const [name, v] of [['alpha', o.alpha], ['eta', o.eta]] as const) {
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw new UserError(`The Dirichlet prior ${name} must be a positive number, got ${v}.`);
  }
  if (o.tau0 !== undefined && !(o.tau0 >= 0 && Number.isFinite(o.tau0))) throw new UserError(`--tau0 must be a number >= 0, got ${o.tau0}; pass e.g. --tau0 1024.`);
  if (o.kappa !== undefined && !(o.kappa > 0.5 && o.kappa <= 1)) throw new UserError(`--kappa must be in (0.5, 1] for the stochastic steps to converge, got ${o.kappa}; pass e.g. --kappa 0.7.`);
  const share = o.vocabRhoShare;
  if (share !== undefined && !(share > 0 && share < 1)) throw new UserError(`The vocabulary's share of the budget must be in (0, 1), got ${share}.`);
}

export async function fitLda(o: LdaOptions): Promise<LdaResult> {
  checkOptions(o);
  const K = o.topics ?? LDA_DEFAULTS.topics;
  const batchSize = o.batchSize ?? LDA_DEFAULTS.batchSize;
  const maxDocNorm = o.maxDocNorm ?? LDA_DEFAULTS.maxDocNorm;
  const testFraction = o.testFraction ?? LDA_DEFAULTS.testFraction;
  const m = o.maxWordsPerDoc ?? LDA_DEFAULTS.maxWordsPerDoc;
  const vocabSize = o.vocabSize ?? LDA_DEFAULTS.vocabSize;
  const alpha = o.alpha ?? 1 / K, eta = o.eta ?? 1 / K;
  const tau0 = o.tau0 ?? VIPS_LDA_DEFAULTS.tau0, kappa = o.kappa ?? VIPS_LDA_DEFAULTS.kappa;
  const rng = createRng(o.seed);
  const splitRng = rng.fork(), vocabRng = rng.fork(), initRng = rng.fork();
  const privacy = o.privacy;
  const ledger = privacy ? createLedger({ epsilon: privacy.epsilon, delta: privacy.delta, adjacency: 'add-remove-one' }) : null;

  o.onPhase?.('tokenizing');
  const split = splitDocuments(o.documents.map((text) => ({ text, tokens: tokenize(text) })), (d) => d.text, testFraction, o.seed);
  const trainTokens = split.train.map((d) => d.tokens);
  if (trainTokens.length === 0) throw new UserError('No document is left for training after holding out the test documents; lower --test-fraction or give more documents.');

  // 1. The number of training documents.
  let trainingDocuments: LdaResult['trainingDocuments'];
  if (o.publicSize !== undefined) trainingDocuments = { count: Math.max(1, Math.round(o.publicSize * (1 - testFraction))), source: 'public' };
  else if (ledger) trainingDocuments = { count: releaseRecordCount(ledger, trainTokens.length), source: 'released' };
  else trainingDocuments = { count: trainTokens.length, source: 'exact' };

  // 2. The vocabulary.
  o.onPhase?.('vocabulary');
  let vocabulary: Vocabulary;
  let vocabInfo: LdaResult['vocabulary'];
  if (o.vocabulary) {
    vocabulary = vocabularyOf(o.vocabulary);
    vocabInfo = { words: vocabulary.words, source: 'public' };
  } else if (ledger && privacy) {
    const thresholdDelta = VOCAB_DELTA_SHARE * privacy.delta;
    const rho = totalRho(privacy.epsilon, privacy.delta - thresholdDelta, 'improved');
    const released = releaseVocabulary(ledger, trainTokens, {
      maxWordsPerDoc: m, vocabSize, noiseMultiplier: sigmaForRho((o.vocabRhoShare ?? VOCAB_RHO_SHARE) * rho), thresholdDelta, rng: vocabRng,
    });
    if (released.words.length < 2) {
      throw new UserError(`Only ${released.words.length} word${released.words.length === 1 ? ' is' : 's are'} frequent enough to be released privately (threshold ≈ ${Math.round(released.threshold)} documents); raise --epsilon, pass a public --vocab FILE, or use a larger corpus.`);
    }
    vocabulary = released;
    vocabInfo = { words: released.words, source: 'private', threshold: released.threshold, noiseStd: released.noiseStd, maxWordsPerDoc: m };
  } else {
    vocabulary = exactVocabulary(trainTokens, vocabSize);
    if (vocabulary.words.length < 2) throw new UserError('The training documents hold fewer than two distinct words after tokenizing (lowercase letters, 3+ letters, stop words removed); give documents with more text.');
    vocabInfo = { words: vocabulary.words, source: 'exact' };
  }
  const V = vocabulary.words.length;

  // 3. Sampling rate, iterations, noise.
  const samplingRate = Math.min(1, batchSize / trainingDocuments.count);
  const iterations = o.iterations ?? Math.max(1, Math.ceil(trainingDocuments.count / batchSize));
  let noiseMultiplier = 0;
  if (ledger) {
    noiseMultiplier = calibrateForLedger(ledger, (s) => ldaVipsEvent(s, samplingRate, iterations));
    ledger.register('VIPS topic–word statistics', ldaVipsEvent(noiseMultiplier, samplingRate, iterations), {
      samplingRate, iterations, expectedBatchSize: batchSize, sensitivity: maxDocNorm, noiseStd: noiseMultiplier * maxDocNorm, entries: K * V,
    });
  }

  // 4. Fit on clipped training documents.
  o.onPhase?.('training');
  const train = trainTokens.map((tokens) => clipDocument(toBagOfWords(tokens, vocabulary), maxDocNorm));
  const estep = { alpha, maxIterations: ESTEP_DEFAULTS.maxIterations, tolerance: ESTEP_DEFAULTS.tolerance };
  const { lambda } = await fitLdaVips(train, {
    ...estep, topics: K, vocabSize: V, samplingRate, iterations, noiseMultiplier, clipBound: maxDocNorm, eta, tau0, kappa, rng: initRng,
    ...(o.onIteration ? { onIteration: o.onIteration } : {}), ...(o.signal ? { signal: o.signal } : {}),
  });

  // 5. Evaluation on the held-out documents (not private).
  o.onPhase?.('evaluating');
  const completion = completionSplit(split.test.map((d) => d.tokens), vocabulary, splitRng);
  const perplexity = completion.length > 0 ? completionPerplexity(lambda, K, V, completion, estep) : null;

  return {
    topics: topWords(lambda, K, vocabulary.words, o.topWords ?? LDA_DEFAULTS.topWords),
    perplexity, ledger: ledger ? ledger.toJSON() : null, private: ledger !== null,
    noiseMultiplier, noiseStd: noiseMultiplier * maxDocNorm, samplingRate, iterations, expectedBatchSize: batchSize, maxDocNorm,
    trainingDocuments, heldOutDocuments: split.test.length, vocabulary: vocabInfo,
    prior: { alpha, eta, tau0, kappa }, lambda, noiseSeededForTesting: ledger !== null && privacyNoiseIsSeeded(),
  };
}
