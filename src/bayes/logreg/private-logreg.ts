// Bayesian logistic regression on a private CSV, end to end: the table's schema (types, bounds,
// categories, row count) is released privately unless declared public, rows are encoded and scaled
// into the unit ball with a public bound, and VIPS spends the rest of the budget. One ledger
// (add/remove-one) holds every release.
import { UserError } from '../../errors.js';
import type { Schema } from '../../data/index.js';
import { preprocessingBudget } from '../../synth/synthesize.js';
import { calibrateForLedger, createLedger, type Ledger } from '../../privacy/index.js';
import { readEncodedTable, readPrivateTable, type TableEncoding } from '../../train/table-data.js';
import type { LabelledData } from '../../dpsgd/dataset.js';
import type { GaussianPosterior, LogregData } from './model.js';
import { binaryTableRows, coefficientNames } from '../table-rows.js';
import { fitLogregVips, vipsEvent } from './vips.js';
import { statisticsSensitivity } from './statistics.js';

export interface PrivateLogregOptions {
  readonly csv: string;
  readonly target: string;
  readonly epsilon: number;
  readonly delta: number;
  readonly userSchema?: Schema;
  /** Share of the zCDP budget for the private schema (default 0.1). */
  readonly preprocessingShare?: number;
  /** Poisson sampling rate of each iteration (default 1: every record, every iteration). */
  readonly samplingRate?: number;
  /** Iterations (default 10). */
  readonly iterations?: number;
  readonly secondBlockWeight?: number;
  readonly tau0?: number;
  readonly kappa?: number;
  readonly onIteration?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface PrivateLogregResult {
  readonly posterior: GaussianPosterior;
  readonly encoding: TableEncoding;
  /** The model's rows (scaled encoded rows + intercept), for comparing with a non-private fit. */
  readonly train: LogregData;
  readonly ledger: Ledger;
  readonly noiseMultiplier: number;
  readonly samplingRate: number;
  readonly iterations: number;
  /** Names of the model's coefficients: encoded slots, then the intercept. */
  readonly featureNames: readonly string[];
  readonly positiveClass: string;
}

// Chosen on an 80/20 split of Adult's training rows (adult.test never used): with few, full-batch
// iterations the noise per release is lowest for a given ε; the card's q = 0.005 × 100 iterations
// remain available through the options.
export const LOGREG_DEFAULTS = { samplingRate: 1, iterations: 10, tau0: 1, kappa: 0.7, secondBlockWeight: 4, preprocessingShare: 0.1 } as const;

/** Encoded rows → the model's data (label 1 = the target's second released class). */
export function logregData(data: LabelledData, encoding: TableEncoding): LogregData {
  return { ...binaryTableRows(data, encoding), labels: data.labels };
}

export async function fitPrivateLogreg(o: PrivateLogregOptions): Promise<PrivateLogregResult> {
  const ledger = createLedger({ epsilon: o.epsilon, delta: o.delta, adjacency: 'add-remove-one' });
  const share = o.preprocessingShare ?? LOGREG_DEFAULTS.preprocessingShare;
  const { data, encoding, releasedRowCount } = await readPrivateTable({
    path: o.csv, target: o.target, ledger, budget: preprocessingBudget(o.epsilon, o.delta, share),
    ...(o.userSchema ? { userSchema: o.userSchema } : {}),
  });
  const train = logregData(data, encoding);
  const samplingRate = o.samplingRate ?? LOGREG_DEFAULTS.samplingRate, iterations = o.iterations ?? LOGREG_DEFAULTS.iterations;
  const weight = o.secondBlockWeight ?? LOGREG_DEFAULTS.secondBlockWeight;
  if (!(weight > 0) || !Number.isFinite(weight)) throw new UserError(`The second-statistic weight must be a number > 0, got ${weight}.`);
  const noiseMultiplier = calibrateForLedger(ledger, (s) => vipsEvent(s, samplingRate, iterations));
  const sensitivity = statisticsSensitivity(weight);
  ledger.register('VIPS expected sufficient statistics', vipsEvent(noiseMultiplier, samplingRate, iterations), {
    samplingRate, iterations, sensitivity, noiseStd: noiseMultiplier * sensitivity, secondBlockWeight: weight,
  });
  const posterior = fitLogregVips(train, {
    samplingRate, iterations, noiseMultiplier, secondBlockWeight: weight, tau0: o.tau0 ?? LOGREG_DEFAULTS.tau0, kappa: o.kappa ?? LOGREG_DEFAULTS.kappa,
    ...(o.onIteration ? { onIteration: o.onIteration } : {}), ...(o.signal ? { signal: o.signal } : {}),
  });
  return { posterior, encoding, train, ledger, noiseMultiplier, samplingRate, iterations, featureNames: coefficientNames(encoding), positiveClass: encoding.classes[1]! };
}

/** Reads a test CSV through the released encoding (not private: for the custodian's evaluation). */
export async function readLogregTest(path: string, encoding: TableEncoding): Promise<LogregData> {
  return logregData(await readEncodedTable(path, encoding), encoding);
}
