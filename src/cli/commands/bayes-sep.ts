// `privkit bayes sep`: DP-SEP (differentially private stochastic expectation propagation) for a
// mixture of Gaussians or Bayesian logistic regression; prints the posterior and the ledger.
import { readSchema } from '../../data/index.js';
import { UserError } from '../../errors.js';
import { createLedger, type LedgerJson } from '../../privacy/index.js';
import {
  DP_SEP_DEFAULTS, type GaussianMoments, logisticModel, MOG_CARD, mixtureModel, posteriorDistance, runDpSep, runSep,
  type SepModel, type SepRunResult, simulateLogistic, simulateMixture,
} from '../../bayes/sep/index.js';
import { readLogisticTable } from '../../bayes/sep/table.js';
import { num, str, type Command, type OptionValues, type Output } from '../command.js';
import { formatLedger } from '../format-ledger.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress } from '../progress.js';

interface Prepared {
  model: SepModel;
  /** Where the data came from, for the report. */
  source: string;
  /** Generated data: N is public (the user chose it). */
  publicSize?: number;
  ledger?: ReturnType<typeof createLedger>;
  names?: readonly string[];
  trueMeans?: Float64Array;
  classes?: { positive: string; negative: string };
}

function whole(values: OptionValues, name: string, min: number): number | undefined {
  const v = num(values, name);
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new UserError(`--${name} must be a whole number ≥ ${min}, got ${v}.`);
  return v;
}

function positive(values: OptionValues, name: string): number | undefined {
  const v = num(values, name);
  if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw new UserError(`--${name} must be a positive number, got ${v}.`);
  return v;
}

async function prepare(values: OptionValues, privateRun: boolean): Promise<Prepared> {
  const kind = str(values, 'model') ?? 'mog';
  const csv = str(values, 'csv');
  const records = whole(values, 'num-data', 2) ?? MOG_CARD.records;
  const priorVariance = positive(values, 'prior-variance') ?? MOG_CARD.priorVariance;
  if (kind === 'mog') {
    if (csv !== undefined) throw new UserError('--model mog runs on generated data only (the card\'s 4-component mixture); drop --csv, or use --model logreg for a CSV.');
    const dim = whole(values, 'dimension', 1) ?? MOG_CARD.dim, components = whole(values, 'components', 1) ?? MOG_CARD.components;
    const data = simulateMixture({ records, dim, components, seed: num(values, 'seed') ?? MOG_CARD.dataSeed });
    return {
      model: mixtureModel({ dim, components, noiseVariance: MOG_CARD.noiseVariance, data: data.data, priorMeans: data.priorMeans, priorVariance }),
      source: `generated mixture of ${components} Gaussians in ${dim} dimensions (observation variance ${MOG_CARD.noiseVariance}, prior N(m0_k, ${priorVariance}·I))`,
      publicSize: records, trueMeans: data.trueMeans,
    };
  }
  if (csv === undefined) {
    const dim = whole(values, 'dimension', 1) ?? 5;
    const data = simulateLogistic({ records, dim, seed: num(values, 'seed') ?? 1 });
    return {
      model: logisticModel({ features: data.features, labels: data.labels, dim, priorVariance }),
      source: `generated logistic-regression data, ${dim} features with ‖x‖ ≤ 1, prior N(0, ${priorVariance}·I)`,
      publicSize: records, names: Array.from({ length: dim }, (_, i) => `w${i + 1}`),
    };
  }
  const target = str(values, 'target');
  if (!target) throw new UserError('--target is required with --csv: name the binary column to predict.');
  if (num(values, 'dimension') !== undefined) throw new UserError('--dimension is for generated data; with --csv the features come from the table.');
  const ledger = createLedger({ epsilon: num(values, 'epsilon')!, delta: num(values, 'delta')!, adjacency: 'add-remove-one' });
  const schemaPath = str(values, 'schema');
  if (!privateRun) throw new UserError('--non-private is for generated data; a CSV is always read privately (its schema and size are released through the ledger).');
  const table = await readLogisticTable({ path: csv, target, ledger, ...(schemaPath ? { userSchema: await readSchema(schemaPath) } : {}) });
  const publicSize = num(values, 'public-size') ?? table.releasedRowCount ?? undefined;
  return {
    model: logisticModel({ features: table.features, labels: table.labels, dim: table.dim, priorVariance }),
    source: `${csv}: ${table.dim} weights (encoded columns and an intercept, rows scaled to ‖x‖ ≤ 1), '${target}' = ${table.positiveClass} coded +1, prior N(0, ${priorVariance}·I)`,
    ledger, names: table.names, classes: { positive: table.positiveClass, negative: table.negativeClass },
    ...(publicSize !== undefined ? { publicSize } : {}),
  };
}

const f = (x: number, digits = 4): string => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : Number(x.toPrecision(digits)).toString());
const vec = (a: ArrayLike<number>): string => `[${Array.from(a, (v) => f(v)).join(', ')}]`;
const diag = (m: GaussianMoments): number[] => Array.from({ length: m.dim }, (_, i) => m.covariance[i * m.dim + i]!);

function summary(prepared: Prepared, moments: readonly GaussianMoments[]): Record<string, unknown> {
  if (prepared.model.kind === 'mog') {
    return { components: moments.map((m) => ({ mean: Array.from(m.mean), covarianceDiagonal: diag(m) })) };
  }
  const m = moments[0]!;
  return { weights: Array.from(m.mean, (mean, i) => ({ name: prepared.names?.[i] ?? `w${i + 1}`, mean, sd: Math.sqrt(m.covariance[i * m.dim + i]!) })) };
}

function describe(prepared: Prepared, moments: readonly GaussianMoments[]): string[] {
  if (prepared.model.kind === 'mog') {
    const lines = ['Posterior over the component means (mean; covariance diagonal):'];
    moments.forEach((m, k) => lines.push(`  component ${k + 1}: ${vec(m.mean)}; ${vec(diag(m))}`));
    return lines;
  }
  const m = moments[0]!;
  const names = prepared.names ?? [];
  const width = Math.min(40, Math.max(6, ...names.map((n) => n.length)));
  const lines = ['Posterior over the weights (mean ± sd):'];
  for (let i = 0; i < m.dim; i++) lines.push(`  ${(names[i] ?? `w${i + 1}`).slice(0, 40).padEnd(width)}  ${f(m.mean[i]!).padStart(10)} ± ${f(Math.sqrt(m.covariance[i * m.dim + i]!))}`);
  return lines;
}

export const bayesSepCommand: Command = {
  name: 'bayes sep',
  summary: 'DP-SEP: a private Gaussian posterior by stochastic expectation propagation (mixture of Gaussians or logistic regression).',
  usage: 'privkit bayes sep [--model mog|logreg] [--csv data.csv --target COLUMN | --num-data 1000 --seed S] [--epochs 100] [--gamma 1] [--clip 1] [--epsilon 1] [--delta 1e-5] [--non-private] [--compare] [--public-size N] [--json]',
  options: [
    { name: 'model', type: 'string', choices: ['mog', 'logreg'], default: 'mog', description: 'mog: the means of a mixture of Gaussians (generated, as in the DP-SEP paper); logreg: Bayesian logistic regression.' },
    { name: 'csv', type: 'string', valueName: 'FILE', description: 'With --model logreg: private training table (CSV with a header); without it the data are generated.' },
    { name: 'target', type: 'string', valueName: 'COLUMN', description: 'With --csv: the binary column to predict.' },
    { name: 'schema', type: 'string', valueName: 'FILE', description: 'With --csv: schema JSON; columns it declares public cost no privacy.' },
    { name: 'num-data', type: 'number', valueName: 'N', description: `Generated data: number of records (default ${MOG_CARD.records}); this size is public.` },
    { name: 'dimension', type: 'number', valueName: 'D', description: `Generated data: dimension (default ${MOG_CARD.dim} for mog, 5 for logreg).` },
    { name: 'components', type: 'number', valueName: 'K', description: `Generated mixture: number of components (default ${MOG_CARD.components}).` },
    { name: 'seed', type: 'number', valueName: 'S', description: `Generated data: seed (default ${MOG_CARD.dataSeed} for mog, 1 for logreg). Privacy noise and sampling always use a secure source.` },
    { name: 'prior-variance', type: 'number', valueName: 'V', description: `Prior variance (N(m0_k, V·I) per component, N(0, V·I) on the weights; default ${MOG_CARD.priorVariance}).` },
    { name: 'epochs', type: 'number', valueName: 'E', default: DP_SEP_DEFAULTS.epochs, description: 'Passes over the data: E·N steps, each on a Poisson sample with rate 1/N.' },
    { name: 'gamma', type: 'number', valueName: 'γ', default: DP_SEP_DEFAULTS.gamma, description: 'Damping: each step moves the average site by γ/N per sampled record.' },
    { name: 'clip', type: 'number', valueName: 'C', description: `Frobenius bound on every block of every local site (default ${DP_SEP_DEFAULTS.clip}; with --non-private, none unless given).` },
    { name: 'tail-average', type: 'number', valueName: 'F', description: `Report the average of the released sites over the last fraction F of the steps (post-processing; default ${DP_SEP_DEFAULTS.tailAverage}, 0 with --non-private).` },
    { name: 'epsilon', type: 'number', valueName: 'ε', default: 1, description: 'Total privacy budget ε.' },
    { name: 'delta', type: 'number', valueName: 'δ', default: 1e-5, description: 'Total privacy budget δ.' },
    { name: 'public-size', type: 'number', valueName: 'N', description: 'With --csv: declare the number of records public; otherwise a noisy count is released through the ledger.' },
    { name: 'non-private', type: 'boolean', default: false, description: 'Plain SEP without noise (clipped SEP with --clip); generated data only. NOT private.' },
    { name: 'compare', type: 'boolean', default: false, description: 'Also run non-private SEP on the same data and print the distance to it (generated data only).' },
    { name: 'json', type: 'boolean', default: false, description: 'Print one JSON object instead of text.' },
  ],
  examples: [
    'privkit bayes sep --model mog --epsilon 1 --compare',
    'privkit bayes sep --model mog --non-private',
    'privkit bayes sep --model logreg --csv adult.csv --target income --epsilon 1',
  ],
  async run(values, positionals, io: Output) {
    if (positionals.length > 0) throw new UserError(`privkit bayes sep takes no file arguments, got '${positionals[0]}'; pass a CSV with --csv.`);
    const privateRun = values['non-private'] !== true;
    const model = str(values, 'model') ?? 'mog';
    if (str(values, 'csv') === undefined && (str(values, 'target') !== undefined || num(values, 'public-size') !== undefined || str(values, 'schema') !== undefined)) {
      throw new UserError('--target, --schema and --public-size go with --csv; generated data need none of them.');
    }
    if (model === 'mog' && str(values, 'csv') !== undefined) throw new UserError('--model mog runs on generated data only; use --model logreg with --csv.');
    const compare = values.compare === true;
    if (compare && str(values, 'csv') !== undefined) throw new UserError('--compare runs non-private SEP on the data, which would not be private for a CSV; use it with generated data.');
    const epochs = whole(values, 'epochs', 1)!;
    const gamma = positive(values, 'gamma')!;
    const clipGiven = positive(values, 'clip');
    const tail = num(values, 'tail-average') ?? (privateRun ? DP_SEP_DEFAULTS.tailAverage : 0);
    if (!(tail >= 0 && tail <= 1)) throw new UserError(`--tail-average must be a fraction in [0, 1], got ${tail}.`);
    const prepared = await prepare(values, privateRun);
    const size = prepared.publicSize;

    const interrupt = interruptSignal('Interrupted; nothing was released.');
    const bar = (label: string) => {
      let last = 0, progress: ReturnType<typeof createProgress> | null = null;
      return {
        onProgress: (done: number, total: number) => { progress ??= createProgress(label, total, io); progress.tick(done - last); last = done; },
        done: () => progress?.done(),
      };
    };
    let result: SepRunResult & { ledger?: LedgerJson; noiseMultiplier?: number; sensitivity?: number; noiseStd?: number; epsilon?: number; delta?: number; size?: number; sizeReleased?: boolean; noiseSeededForTesting?: boolean };
    let reference: SepRunResult | null = null;
    try {
      if (compare || !privateRun) {
        const b = bar('SEP (non-private)');
        reference = await runSep({
          model: prepared.model, size: prepared.model.records, epochs, gamma, clip: privateRun ? null : clipGiven ?? null, noiseStd: 0,
          sampling: 'shuffle', seed: 1, tailAverage: privateRun ? 0 : tail, onProgress: b.onProgress, signal: interrupt.signal,
        });
        b.done();
      }
      if (privateRun) {
        const b = bar('DP-SEP');
        result = await runDpSep({
          model: prepared.model, epsilon: num(values, 'epsilon')!, delta: num(values, 'delta')!, epochs, gamma, clip: clipGiven ?? DP_SEP_DEFAULTS.clip,
          tailAverage: tail, ...(size !== undefined ? { publicSize: size } : {}), ...(prepared.ledger ? { ledger: prepared.ledger } : {}),
          onProgress: b.onProgress, signal: interrupt.signal,
        });
        b.done();
      } else result = reference!;
    } finally {
      interrupt.release();
    }
    const distance = compare && reference ? posteriorDistance(result.moments, reference.moments) : null;
    const truth = prepared.trueMeans && prepared.model.kind === 'mog'
      ? posteriorDistance(result.moments, Array.from({ length: prepared.model.components }, (_, k) => ({ dim: prepared.model.dim, mean: prepared.trueMeans!.subarray(k * prepared.model.dim, (k + 1) * prepared.model.dim), covariance: new Float64Array(prepared.model.dim ** 2) }))).mean
      : null;
    const report = {
      model: prepared.model.kind, data: prepared.source, records: prepared.model.kind === 'mog' || !prepared.ledger ? prepared.model.records : null,
      private: privateRun, epochs, gamma, clip: privateRun ? clipGiven ?? DP_SEP_DEFAULTS.clip : clipGiven ?? null, tailAverage: tail,
      // The skipped-step count depends on whether secret Poisson batches were empty: not released.
      steps: result.steps, ...(privateRun ? {} : { skippedSteps: result.skippedSteps }),
      ...summary(prepared, result.moments),
      ...(prepared.classes ? { positiveClass: prepared.classes.positive, negativeClass: prepared.classes.negative } : {}),
      ...(truth !== null ? { meanDistanceToTrueMeans: truth } : {}),
      ...(distance ? { distanceToNonPrivateSep: { mean: distance.mean, covariance: distance.covariance } } : {}),
      ...(privateRun ? {
        size: result.size, sizeReleased: result.sizeReleased, noiseMultiplier: result.noiseMultiplier, sensitivity: result.sensitivity,
        noiseStd: result.noiseStd, epsilon: result.epsilon, delta: result.delta, noiseSeededForTesting: result.noiseSeededForTesting, ledger: result.ledger,
      } : {}),
    };
    if (values.json) {
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const lines = [`${privateRun ? 'DP-SEP' : clipGiven !== undefined ? 'Clipped SEP (NOT private)' : 'SEP (NOT private)'} on ${prepared.source}.`];
    if (prepared.classes) lines.push(`Positive class: ${prepared.classes.positive} (the other: ${prepared.classes.negative}).`);
    lines.push(...describe(prepared, result.moments));
    if (truth !== null) lines.push(`Average distance of the posterior means to the true means: ${f(truth)}.`);
    if (distance) lines.push(`Distance to non-private SEP (components matched greedily, averaged): means ${f(distance.mean)} (L2), covariances ${f(distance.covariance)} (Frobenius).`);
    if (!privateRun && result.skippedSteps > 0) lines.push(`${result.skippedSteps} of ${result.steps} steps were skipped (cavity not positive definite).`);
    if (privateRun) {
      lines.push(`Privacy spent: ε = ${f(result.epsilon!)} at δ = ${result.delta}; noise multiplier σ = ${f(result.noiseMultiplier!)}, ${result.steps} steps at sampling rate 1/${result.size}${result.sizeReleased ? ' (record count released privately)' : ''}, sensitivity ${f(result.sensitivity!)}, noise std ${f(result.noiseStd!)} per entry.`);
      if (result.noiseSeededForTesting) lines.push('WARNING: privacy noise was seeded for testing; this posterior is NOT private.');
      io.out(`${lines.join('\n')}\n`);
      io.out(formatLedger(result.ledger!));
    } else io.out(`${lines.join('\n')}\n`);
    return 0;
  },
};
