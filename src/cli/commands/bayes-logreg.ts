// `privkit bayes logreg`: Bayesian logistic regression by VIPS on a private CSV — posterior mean
// and standard deviation of every coefficient, optional test ROC-AUC / accuracy with the posterior
// predictive, and the privacy ledger.
import { UserError } from '../../errors.js';
import { readSchema } from '../../data/index.js';
import { fitPrivateLogreg, readLogregTest, LOGREG_DEFAULTS, type PrivateLogregResult } from '../../bayes/logreg/private-logreg.js';
import { predictiveProbabilities } from '../../bayes/logreg/predict.js';
import { accuracy, rocAuc } from '../../eval/metrics.js';
import { privacyNoiseIsSeeded } from '../../engine/random/secure-gaussian.js';
import { num, str, type Command } from '../command.js';
import { formatLedger } from '../format-ledger.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress } from '../progress.js';

/** Scores on the test file: evaluation for the custodian, not private. */
interface TestScores { private: false; rocAuc: number; accuracy: number; rows: number }

function coefficients(r: PrivateLogregResult): { name: string; mean: number; sd: number }[] {
  const d = r.posterior.dim;
  return r.featureNames.map((name, i) => ({ name, mean: r.posterior.mean[i]!, sd: Math.sqrt(r.posterior.covariance[i * d + i]!) }));
}

function textReport(r: PrivateLogregResult, test: TestScores | null, target: string): string {
  const coef = coefficients(r);
  const width = Math.min(40, Math.max(...coef.map((c) => c.name.length)));
  const lines = [
    `Bayesian logistic regression by VIPS: P(${target} = ${r.positiveClass}) with Pólya-Gamma variational Bayes; ${r.iterations} iterations at Poisson sampling rate ${r.samplingRate}, noise multiplier σ = ${r.noiseMultiplier.toFixed(4)}.`,
    `Features: the released encoding (one-hot categories, numerics scaled to [0, 1] by released bounds), each row divided by the public bound √(maxRowNorm² + 1) = ${Math.sqrt(r.encoding.encoder.maxRowNorm ** 2 + 1).toFixed(4)}, plus an intercept.`,
    `Prior precision of the weights: E[α] = ${(r.posterior.alpha.shape / r.posterior.alpha.rate).toPrecision(4)} (Gamma(1, 1) hyper-prior).`,
    '',
    `Posterior (mean ± sd), by |mean|:`,
    ...[...coef].sort((a, b) => Math.abs(b.mean) - Math.abs(a.mean)).map((c) => `  ${c.name.slice(0, width).padEnd(width)}  ${c.mean >= 0 ? ' ' : ''}${c.mean.toFixed(3)} ± ${c.sd.toFixed(3)}`),
    '',
  ];
  if (test) lines.push(`Test (${test.rows} rows, not private): ROC-AUC ${test.rocAuc.toFixed(4)}, accuracy ${test.accuracy.toFixed(4)} with the posterior predictive.`);
  if (privacyNoiseIsSeeded()) lines.push('WARNING: privacy noise was seeded for testing; this posterior is NOT private.');
  return `${lines.join('\n')}\n${formatLedger(r.ledger.toJSON())}`;
}

export const bayesLogregCommand: Command = {
  name: 'bayes logreg',
  summary: 'Private Bayesian logistic regression (VIPS: noisy expected sufficient statistics with Pólya-Gamma augmentation); posterior mean and sd per coefficient.',
  usage: 'privkit bayes logreg --csv data.csv --target COLUMN [--epsilon 1] [--delta 1e-5] [--test-csv test.csv] [--schema s.json] [--iterations 10] [--sampling-rate 1] [--json]',
  options: [
    { name: 'csv', type: 'string', valueName: 'FILE', description: 'Private training table (CSV with a header).' },
    { name: 'target', type: 'string', valueName: 'COLUMN', description: 'The binary column to predict (the second released category is the positive class).' },
    { name: 'epsilon', type: 'number', valueName: 'ε', default: 1, description: 'Total privacy budget ε (schema estimation included).' },
    { name: 'delta', type: 'number', valueName: 'δ', default: 1e-5, description: 'Total privacy budget δ.' },
    { name: 'test-csv', type: 'string', valueName: 'FILE', description: 'Test table for ROC-AUC and accuracy (not private; never used in fitting).' },
    { name: 'schema', type: 'string', valueName: 'FILE', description: 'Schema JSON; columns it declares public cost no privacy.' },
    { name: 'iterations', type: 'number', valueName: 'T', default: LOGREG_DEFAULTS.iterations, description: 'VIPS iterations (each one release of the noisy statistics).' },
    { name: 'sampling-rate', type: 'number', valueName: 'q', default: LOGREG_DEFAULTS.samplingRate, description: 'Poisson sampling rate of each iteration\'s mini-batch (the card\'s setting is 0.005 with 100 iterations).' },
    { name: 'second-weight', type: 'number', valueName: 'W', default: LOGREG_DEFAULTS.secondBlockWeight, description: 'Weight of the second-moment statistic in the joint release: larger puts less noise on it and more on the first.' },
    { name: 'tau0', type: 'number', valueName: 'τ0', default: LOGREG_DEFAULTS.tau0, description: 'Step sizes ρₜ = (τ0 + t)^−κ.' },
    { name: 'kappa', type: 'number', valueName: 'κ', default: LOGREG_DEFAULTS.kappa, description: 'Step-size forgetting rate κ in (0.5, 1].' },
    { name: 'preprocessing-share', type: 'number', valueName: 'F', default: LOGREG_DEFAULTS.preprocessingShare, description: 'Share of the zCDP budget ρ for the private schema.' },
    { name: 'json', type: 'boolean', default: false, description: 'Print the result as JSON.' },
  ],
  examples: ['privkit bayes logreg --csv adult.csv --target income --test-csv adult-test.csv --epsilon 1'],
  async run(values, _positionals, io) {
    const csv = str(values, 'csv'), target = str(values, 'target');
    if (!csv) throw new UserError('--csv is required: give the private training table.');
    if (!target) throw new UserError('--target is required: name the binary column to predict.');
    const q = num(values, 'sampling-rate')!, kappa = num(values, 'kappa')!, share = num(values, 'preprocessing-share')!;
    if (!(q > 0 && q <= 1)) throw new UserError(`--sampling-rate must be in (0, 1], got ${q}.`);
    if (!(kappa > 0.5 && kappa <= 1)) throw new UserError(`--kappa must be in (0.5, 1], got ${kappa}.`);
    if (!(share > 0 && share < 1)) throw new UserError(`--preprocessing-share must be in (0, 1), got ${share}.`);
    const schemaPath = str(values, 'schema');
    const iterations = num(values, 'iterations')!;
    const bar = createProgress('VIPS', iterations, io);
    const interrupt = interruptSignal('Interrupted; nothing was printed.');
    let result: PrivateLogregResult;
    try {
      result = await fitPrivateLogreg({
        csv, target, epsilon: num(values, 'epsilon')!, delta: num(values, 'delta')!, iterations, samplingRate: q,
        secondBlockWeight: num(values, 'second-weight')!, tau0: num(values, 'tau0')!, kappa, preprocessingShare: share,
        ...(schemaPath ? { userSchema: await readSchema(schemaPath) } : {}),
        onIteration: () => bar.tick(), signal: interrupt.signal,
      });
    } finally {
      interrupt.release();
      bar.done();
    }
    const testCsv = str(values, 'test-csv');
    let test: TestScores | null = null;
    if (testCsv) {
      const t = await readLogregTest(testCsv, result.encoding);
      const p = predictiveProbabilities(result.posterior, t.features, t.rows);
      test = { private: false, rocAuc: rocAuc(t.labels, p), accuracy: accuracy(t.labels, Array.from(p, (v) => (v >= 0.5 ? 1 : 0))), rows: t.rows };
    }
    if (values.json) {
      io.out(`${JSON.stringify({
        target, positiveClass: result.positiveClass, coefficients: coefficients(result),
        covariance: Array.from(result.posterior.covariance), alpha: result.posterior.alpha,
        iterations: result.iterations, samplingRate: result.samplingRate, noiseMultiplier: result.noiseMultiplier,
        test, privacy: { spent: result.ledger.spent(), ledger: result.ledger.toJSON() }, noiseSeededForTesting: privacyNoiseIsSeeded(),
      }, null, 2)}\n`);
      return 0;
    }
    io.out(textReport(result, test, target));
    return 0;
  },
};
