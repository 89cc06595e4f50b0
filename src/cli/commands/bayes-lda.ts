// `privkit bayes lda`: private topic modelling (VIPS for latent Dirichlet allocation). Reads a
// corpus, fits K topics with VIPS under one add/remove-one ledger (or without noise for
// comparison), prints the top words per topic, the held-out perplexity and the ledger.
import { UserError } from '../../errors.js';
import { readCorpus, CORPUS_FORMATS, type CorpusFormat } from '../../bayes/lda/read-corpus.js';
import { readTextFile } from '../../bayes/lda/read-text-file.js';
import { parseVocabularyFile } from '../../bayes/lda/vocabulary.js';
import { fitLda, LDA_DEFAULTS, type LdaResult } from '../../bayes/lda/private-lda.js';
import { num, str, type Command, type Output } from '../command.js';
import { formatLedger } from '../format-ledger.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress, type Progress } from '../progress.js';

const f = (x: number, digits = 4): string => Number(x.toPrecision(digits)).toString();

function vocabularyLine(r: LdaResult): string {
  const v = r.vocabulary;
  if (v.source === 'public') return `${v.words.length} words from the public --vocab file (free)`;
  if (v.source === 'exact') return `${v.words.length} words, the most frequent exactly (non-private)`;
  return `${v.words.length} words released privately (thresholded Gaussian document frequencies, ≤ ${v.maxWordsPerDoc} distinct words per document, noise std ${f(v.noiseStd!)}, threshold ≈ ${Math.round(v.threshold!)} documents)`;
}

function textReport(r: LdaResult, corpus: { source: string; format: CorpusFormat }): string {
  const lines: string[] = [];
  if (!r.private) lines.push('NON-PRIVATE run (--non-private): no noise, exact vocabulary and document count; these topics carry no privacy guarantee.');
  lines.push(
    `LDA by ${r.private ? 'VIPS (private stochastic variational inference)' : 'stochastic variational inference'} on ${corpus.source} (${corpus.format}): ${r.topics.length} topics, α = η = ${f(r.prior.alpha)}, ρₜ = (${r.prior.tau0} + t)^−${r.prior.kappa}.`,
    `Vocabulary: ${vocabularyLine(r)}.`,
    `Training documents: ${r.trainingDocuments.count} (${r.trainingDocuments.source === 'released' ? 'noisy count released privately' : r.trainingDocuments.source === 'public' ? 'from --public-size' : 'exact'}); ${r.iterations} iterations, Poisson sampling q = ${f(r.samplingRate)} (expected batch ${r.expectedBatchSize}); word counts clipped to L2 norm ≤ ${r.maxDocNorm}${r.private ? `; noise multiplier σ = ${f(r.noiseMultiplier)}, noise std σ·C = ${f(r.noiseStd)} per topic–word entry` : ''}.`,
    '',
    `Topics (top ${r.topics[0]?.words.length ?? 0} words):`,
    ...r.topics.map((t, k) => `  ${String(k + 1).padStart(3)}. ${t.words.join(' ')}`),
    '',
  );
  if (r.perplexity) {
    const p = r.perplexity;
    lines.push(
      `Held-out perplexity: ${f(p.perplexity, 6)} on ${p.documents} held-out documents (${p.scoredTokens} scored tokens); a uniform model over the vocabulary scores ${p.uniform}.`,
      `  Estimator: ${p.estimator}.`,
      '  (Not private: the perplexity and the held-out counts come from the held-out documents without noise; they are for the custodian, not for release.)',
    );
  } else lines.push('Held-out perplexity: not computed (no held-out document with 2 or more in-vocabulary tokens; raise --test-fraction).');
  if (r.noiseSeededForTesting) lines.push('WARNING: privacy noise was seeded for testing; these topics are NOT private.');
  return `${lines.join('\n')}\n`;
}

function jsonReport(r: LdaResult, corpus: { source: string; format: CorpusFormat }): Record<string, unknown> {
  return {
    private: r.private, corpus, topics: r.topics,
    // Computed on held-out documents without noise: the custodian's evaluation, not part of the release.
    evaluation: { private: false, heldOutDocuments: r.heldOutDocuments, perplexity: r.perplexity },
    vocabulary: { size: r.vocabulary.words.length, ...r.vocabulary },
    trainingDocuments: r.trainingDocuments,
    iterations: r.iterations, samplingRate: r.samplingRate, expectedBatchSize: r.expectedBatchSize,
    noiseMultiplier: r.noiseMultiplier, noiseStd: r.noiseStd, maxDocNorm: r.maxDocNorm, prior: r.prior,
    noiseSeededForTesting: r.noiseSeededForTesting, ledger: r.ledger,
  };
}

export const bayesLdaCommand: Command = {
  name: 'bayes lda',
  summary: 'Private topic model: latent Dirichlet allocation by VIPS (noisy stochastic variational inference); top words per topic and held-out perplexity.',
  usage: 'privkit bayes lda --docs corpus.jsonl|FOLDER|dump.txt|apt [--format jsonl|folder|apt] [--topics 20] [--epsilon 1] [--delta 1e-5] [--batch-size 200] [--iterations N] [--vocab FILE] [--vocab-size 5000] [--max-doc-norm 10] [--test-fraction 0.1] [--tau0 1024] [--kappa 0.7] [--public-size N] [--non-private] [--seed S] [--json]',
  options: [
    { name: 'docs', type: 'string', valueName: 'PATH', description: 'The private documents: a JSON-lines file (a JSON string or {"text": ...} per line), a folder (one document per file), a saved `apt-cache dumpavail` output, or the word apt (this machine\'s Debian package descriptions).' },
    { name: 'format', type: 'string', choices: CORPUS_FORMATS, description: 'Corpus format (default: guessed from the path and first line).' },
    { name: 'topics', type: 'number', valueName: 'K', default: LDA_DEFAULTS.topics, description: 'Number of topics.' },
    { name: 'epsilon', type: 'number', valueName: 'ε', default: 1, description: 'Total privacy budget ε (the noise is calibrated to it).' },
    { name: 'delta', type: 'number', valueName: 'δ', default: 1e-5, description: 'Total privacy budget δ.' },
    { name: 'batch-size', type: 'number', valueName: 'S', default: LDA_DEFAULTS.batchSize, description: 'Expected mini-batch size under Poisson sampling (q = S / training documents).' },
    { name: 'iterations', type: 'number', valueName: 'T', description: 'VIPS iterations (default: one pass, training documents / S).' },
    { name: 'vocab', type: 'string', valueName: 'FILE', description: 'Public vocabulary, one word per line (free); without it the vocabulary is released privately.' },
    { name: 'vocab-size', type: 'number', valueName: 'V', default: LDA_DEFAULTS.vocabSize, description: 'Keep at most this many words (the most frequent by released count).' },
    { name: 'vocab-words-per-doc', type: 'number', valueName: 'M', default: LDA_DEFAULTS.maxWordsPerDoc, description: 'Private vocabulary: distinct words counted per document (a random subset when more).' },
    { name: 'max-doc-norm', type: 'number', valueName: 'C', default: LDA_DEFAULTS.maxDocNorm, description: 'Each training document\'s word-count vector is scaled to L2 norm ≤ C (the sensitivity of the statistics).' },
    { name: 'test-fraction', type: 'number', valueName: 'F', default: LDA_DEFAULTS.testFraction, description: 'Fraction of documents held out (by a seeded hash of their text) for the perplexity. Held-out documents never touch the topics, but the perplexity and their count are printed without noise: they are for the data custodian, not for release (0: no evaluation).' },
    { name: 'tau0', type: 'number', valueName: 'τ0', default: 1024, description: 'Step-size delay: ρₜ = (τ0 + t)^−κ (1024 as in VIPS and Hoffman\'s online LDA; smaller moves faster on small corpora).' },
    { name: 'kappa', type: 'number', valueName: 'κ', default: 0.7, description: 'Step-size forgetting rate κ in (0.5, 1].' },
    { name: 'public-size', type: 'number', valueName: 'N', description: 'Declare the number of documents public; without it a noisy count is released with 1% of the budget.' },
    { name: 'non-private', type: 'boolean', default: false, description: 'Run the same algorithm without noise, with the exact vocabulary and count (no privacy; for comparison).' },
    { name: 'seed', type: 'number', valueName: 'S', description: 'Seed for the split, initialisation and subsets (privacy noise and sampling always use a secure source).' },
    { name: 'json', type: 'boolean', default: false, description: 'Print the result as JSON.' },
  ],
  examples: [
    'privkit bayes lda --docs corpus.jsonl --topics 20 --epsilon 1',
    'privkit bayes lda --docs apt --topics 20 --epsilon 1 --batch-size 5000 --iterations 40 --max-doc-norm 3',
    'privkit bayes lda --docs notes/ --format folder --vocab words.txt --public-size 12000 --epsilon 2 --json',
  ],
  async run(values, _positionals, io: Output) {
    const docs = str(values, 'docs');
    if (!docs) throw new UserError('--docs is required: pass a JSON-lines file, a folder of text files, an `apt-cache dumpavail` output, or the word apt.');
    const nonPrivate = values['non-private'] === true;
    const epsilon = num(values, 'epsilon')!, delta = num(values, 'delta')!;
    if (!nonPrivate) {
      if (!(epsilon > 0)) throw new UserError(`--epsilon must be a positive number, got ${epsilon}; pass e.g. --epsilon 1.`);
      if (!(delta > 0 && delta < 1)) throw new UserError(`--delta must be in (0, 1), got ${delta}; pass e.g. --delta 1e-5.`);
    }
    const vocabPath = str(values, 'vocab');
    const vocabulary = vocabPath ? parseVocabularyFile(await readTextFile(vocabPath, 'vocabulary file'), vocabPath) : undefined;
    const format = str(values, 'format') as CorpusFormat | undefined;
    const corpus = await readCorpus(docs, format);
    const interrupt = interruptSignal('Interrupted; nothing was printed.');
    let bar: Progress | null = null;
    let result: LdaResult;
    try {
      const publicSize = num(values, 'public-size'), iterations = num(values, 'iterations');
      result = await fitLda({
        documents: corpus.documents, privacy: nonPrivate ? null : { epsilon, delta },
        topics: num(values, 'topics')!, batchSize: num(values, 'batch-size')!, vocabSize: num(values, 'vocab-size')!,
        maxWordsPerDoc: num(values, 'vocab-words-per-doc')!, maxDocNorm: num(values, 'max-doc-norm')!, testFraction: num(values, 'test-fraction')!,
        seed: num(values, 'seed') ?? Math.floor(Math.random() * 2 ** 31), tau0: num(values, 'tau0')!, kappa: num(values, 'kappa')!,
        ...(iterations !== undefined ? { iterations } : {}), ...(publicSize !== undefined ? { publicSize } : {}), ...(vocabulary ? { vocabulary: vocabulary.words } : {}),
        onIteration(done, total) {
          bar ??= createProgress(nonPrivate ? 'SVI' : 'VIPS', total, io);
          bar.tick();
        },
        signal: interrupt.signal,
      });
    } finally {
      interrupt.release();
      (bar as Progress | null)?.done();
    }
    const about = { source: corpus.source, format: corpus.format };
    if (values.json) {
      io.out(`${JSON.stringify(jsonReport(result, about), null, 2)}\n`);
      return 0;
    }
    io.out(textReport(result, about));
    if (result.ledger) io.out(formatLedger(result.ledger));
    return 0;
  },
};
