// `npm run bench -- bayes-lda`: VIPS for LDA on Debian's package descriptions (`apt-cache
// dumpavail`, one description per package), 20 topics, ε = 1, δ = 1e-5 (add/remove-one), beside
// the non-private run of the same algorithm with the same settings.
//
// Comparability: held-out perplexity is only comparable over one vocabulary, so the non-private
// reference is run on the private run's released vocabulary (same S, T, C, τ0, κ, seed); a second
// non-private run with its own exact top-5000 vocabulary is listed for reference.
// Knobs (environment): PRIVKIT_BENCH_SEEDS (3), PRIVKIT_LDA_BATCH (expected batch, 5000),
// PRIVKIT_LDA_ITERATIONS (40), PRIVKIT_LDA_TAU0 (1024), PRIVKIT_LDA_NORM (C, 3),
// PRIVKIT_LDA_FRACTION (corpus subsample by a seeded text hash, 1), PRIVKIT_LDA_DUMP (a saved dump
// instead of running apt-cache).
import { readAptCache, readAptDump } from '../src/bayes/lda/read-apt.js';
import { fitLda, LDA_DEFAULTS, type LdaOptions, type LdaResult } from '../src/bayes/lda/private-lda.js';
import { splitKey } from '../src/bayes/lda/split.js';
import { tokenize } from '../src/bayes/lda/tokenize.js';
import { writeSection } from './report.js';

const env = (name: string, fallback: number): number => {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
};

const SUBSAMPLE_SEED = 20240;

function topicsByMass(r: LdaResult, count: number): string[] {
  const K = r.topics.length, V = r.vocabulary.words.length;
  const mass = r.topics.map((_, k) => { let s = 0; for (let w = 0; w < V; w++) s += r.lambda[k * V + w]!; return s; });
  return mass.map((m, k) => [m, k] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.min(count, K))
    .map(([m, k]) => `${r.topics[k]!.words.join(' ')} _(share ${(m / mass.reduce((a, b) => a + b, 0) * 100).toFixed(1)}%)_`);
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => { const m = mean(xs); return Math.sqrt(mean(xs.map((x) => (x - m) ** 2))); };
const pm = (xs: number[], digits = 1): string => `${mean(xs).toFixed(digits)} ± ${sd(xs).toFixed(digits)}`;

export async function bayesLdaBench(command: string): Promise<void> {
  const seeds = env('PRIVKIT_BENCH_SEEDS', 3), batchSize = env('PRIVKIT_LDA_BATCH', 5000), iterations = env('PRIVKIT_LDA_ITERATIONS', 40);
  const tau0 = env('PRIVKIT_LDA_TAU0', 1024), maxDocNorm = env('PRIVKIT_LDA_NORM', 3), fraction = env('PRIVKIT_LDA_FRACTION', 1);
  const maxWordsPerDoc = 10, topics = 20, epsilon = 1, delta = 1e-5;
  const dump = process.env.PRIVKIT_LDA_DUMP;
  const all = dump ? await readAptDump(dump) : await readAptCache();
  const documents = fraction < 1 ? all.filter((d) => splitKey(d, SUBSAMPLE_SEED) < fraction) : all;
  const tokens = documents.map((d) => tokenize(d).length);
  const multiLine = documents.filter((d) => d.includes('\n')).length;

  const common: Omit<LdaOptions, 'privacy' | 'seed'> = { documents, topics, batchSize, iterations, maxDocNorm, maxWordsPerDoc, tau0, kappa: 0.7 };
  const rows: string[] = [];
  const priv: number[] = [], ref: number[] = [], exact: number[] = [], secs: number[] = [];
  let first: { p: LdaResult; n: LdaResult } | null = null;
  for (let seed = 1; seed <= seeds; seed++) {
    const start = performance.now();
    const p = await fitLda({ ...common, privacy: { epsilon, delta }, seed });
    secs.push((performance.now() - start) / 1000);
    const n = await fitLda({ ...common, privacy: null, seed, vocabulary: p.vocabulary.words });
    const e = await fitLda({ ...common, privacy: null, seed, vocabSize: LDA_DEFAULTS.vocabSize });
    first ??= { p, n };
    priv.push(p.perplexity!.perplexity); ref.push(n.perplexity!.perplexity); exact.push(e.perplexity!.perplexity);
    rows.push(`| ${seed} | ${p.vocabulary.words.length} | ${p.perplexity!.perplexity.toFixed(1)} | ${n.perplexity!.perplexity.toFixed(1)} | ${p.perplexity!.uniform} | ${p.perplexity!.scoredTokens} | ${e.perplexity!.perplexity.toFixed(1)} (V = ${e.vocabulary.words.length}) | ${p.trainingDocuments.count} | ${p.samplingRate.toPrecision(4)} | ${p.noiseMultiplier.toFixed(3)} | ${p.noiseStd.toFixed(2)} | ${p.ledger!.spent.epsilon.toFixed(4)} | ${secs.at(-1)!.toFixed(1)} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
  const { p, n } = first!;
  const ledgerLines = p.ledger!.entries.map((e) => `  - ${e.label}: ${e.mechanism}${typeof e.details?.noiseStd === 'number' ? `, noise std ${Number(e.details.noiseStd.toPrecision(4))}` : ''}; ε alone ${e.epsilonAlone.toFixed(4)}`)
    .concat(p.ledger!.reservations.map((r) => `  - ${r.label}: δ ${Number(r.delta.toPrecision(6))} reserved`));
  const body = [
    `Corpus: Debian package descriptions from \`${dump ? `a saved dump (${dump})` : 'apt-cache dumpavail'}\`, one description per package: ${all.length} packages${fraction < 1 ? `, subsampled to ${documents.length} by a seeded text hash (fraction ${fraction})` : ' (no subsampling)'}; ${(mean(tokens)).toFixed(1)} tokens per description on average (lowercase letters, ≥ 3 letters, stop words removed); ${multiLine} descriptions have a long description (this machine's apt lists carry only the one-line synopses unless Translation files are downloaded).`,
    `Held out: ${(LDA_DEFAULTS.testFraction * 100).toFixed(0)}% of the documents by a seeded hash of their text (${p.heldOutDocuments} documents for seed 1).`,
    `Settings (private and non-private alike): K = ${topics} topics, α = η = 1/K, expected batch S = ${batchSize} (Poisson sampling, q = S / training documents), T = ${iterations} iterations, ρₜ = (${tau0} + t)^−0.7, per-document word counts scaled to L2 norm ≤ C = ${maxDocNorm} (public: Debian synopses are one short line); E-step ≤ 100 iterations, stop when the mean change of γ < 1e-3.`,
    `Private run: ε = ${epsilon}, δ = ${delta}, add/remove-one; one ledger pays the training-document count (1% of ρ), the vocabulary (thresholded Gaussian document frequencies, ≤ ${maxWordsPerDoc} distinct words per document, 10% of ρ, 10% of δ reserved for the threshold, top ≤ ${LDA_DEFAULTS.vocabSize} released words) and VIPS (σ calibrated so the total lands on ε; noise std σ·C on each of the K×V entries, negatives clamped to 0 after the noise).`,
    `Non-private reference: the same algorithm with no noise, exact count, on the private run's released vocabulary (so the perplexities are over the same words). Perplexity estimator: ${p.perplexity!.estimator}; out-of-vocabulary tokens are not scored.`,
    '',
    `| seed | V (released) | private perplexity | non-private perplexity (same V) | uniform (= V) | scored tokens | non-private, own exact vocabulary | training docs (released) | q | σ | noise std σC | ε spent | private run s |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Mean ± sd over ${seeds} seeds: private ${pm(priv)}, non-private on the same vocabulary ${pm(ref)}, non-private on its own top-${LDA_DEFAULTS.vocabSize} vocabulary ${pm(exact)} (not comparable: other words).`,
    '',
    'Privacy ledger of seed 1:',
    ...ledgerLines,
    `  - total ε = ${p.ledger!.spent.epsilon.toFixed(4)} at δ = ${delta}`,
    '',
    'Top words, seed 1, the six topics with the largest share of λ — private (ε = 1):',
    '',
    ...topicsByMass(p, 6).map((t, i) => `${i + 1}. ${t}`),
    '',
    'Non-private, same vocabulary and settings:',
    '',
    ...topicsByMass(n, 6).map((t, i) => `${i + 1}. ${t}`),
  ].join('\n');
  writeSection('bayes-lda', command, body);
  process.stdout.write(`${body}\n`);
}
