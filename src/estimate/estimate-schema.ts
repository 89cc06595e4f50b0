/**
 * Private pre-processing: a private CSV in, a complete schema (types, numeric bounds, categorical
 * domains) and a noisy row count out, each paid from the pre-processing budget through the ledger
 * (architecture principle 1). Columns the user declares public cost nothing and are left alone.
 *
 * Neighbouring relation: REPLACE-ONE (bounded DP), as privkit's synthesizers (DP-MERF, DP-HP) use.
 * Neighbouring datasets have the same number of rows and differ in one row, so every per-column
 * statistic changes by at most one unit in at most two places (one count −1, another +1). Every
 * sensitivity below is derived from this, in the module that releases it:
 *  - row count and column types: one Gaussian, Δ₂ = √(3m) over m columns (column-format.ts);
 *  - numeric bounds: exponential mechanism, utility sensitivity 1 (quantile.ts);
 *  - categories: one Gaussian, Δ₂ = √(2m) over m columns, thresholded; its δ is reserved (categories.ts).
 * How ε and δ are split between them: budget.ts.
 *
 * Releases, in order (each registered in the ledger before its output is used):
 *  1. "row count and column types" — noisy row count and, for columns whose type is not declared,
 *     noisy counts of non-numbers, non-integers, decimals and missing values;
 *  2. "bounds of <column> (exponential mechanism)" — two DP quantiles per numeric column;
 *  3. "categories of <columns> (thresholded Gaussian histogram)" — with a δ reservation.
 * Decisions made from released values (types, quantile levels, which parts exist) are
 * post-processing, and the plan adapts to them only within a total fixed in advance.
 */
import { UserError } from '../errors.js';
import { openCsv, type ColumnType, type CsvFile } from '../data/index.js';
import { fillSecureGaussian } from '../engine/random/secure-gaussian.js';
import { createLedger, gaussian, zcdp, type Conversion } from '../privacy/index.js';
import {
  DEFAULT_SPLIT,
  DEFAULT_THRESHOLD_DELTA_SHARE,
  PREPROCESSING_ORDERS,
  ROW_COUNT_ONLY_FACTOR,
  epsilonForRho,
  sigmaForRho,
  totalRho,
  type BudgetSplit,
} from './budget.js';
import { collectStatistics } from './collect.js';
import { DEFAULT_FORMAT_THRESHOLDS, FORMAT_CELLS, decideFormat, formatSensitivity, type FormatDecision } from './column-format.js';
import { outputSchema } from './output-schema.js';
import { checkOptions, planColumns } from './plan-columns.js';
import { releaseBounds } from './release-bounds.js';
import { releaseHistogramBounds } from './release-bounds-histogram.js';
import { releaseCategories } from './release-categories.js';
import type { ColumnDecision, ColumnPlan, ColumnRelease, Domain, EstimateResult, EstimateSchemaOptions, Recorder } from './types.js';

const DEFAULT_MAX_CATEGORIES = 100_000;
const DEFAULT_QUANTILES: readonly [number, number] = [0.005, 0.995];

const fmt = (x: number): string => String(Number(x.toPrecision(3)));

/** Closes a CSV whose rows will not be read (the reader holds the file open until its rows end). */
async function closeUnread(file: CsvFile): Promise<void> {
  for await (const _ of file.rows) break;
}

function addNoise(values: Float64Array, std: number): Float64Array {
  const noise = new Float64Array(values.length);
  fillSecureGaussian(noise, std);
  return values.map((v, i) => v + noise[i]!);
}

const declaredDecision = (p: ColumnPlan): ColumnDecision => ({ name: p.name, domain: p.domain, type: p.declared!.type, typeFrom: 'declared' });

/**
 * Estimates the schema privately. Spends at most `budget` — the RDP composition of the releases
 * converted at budget.delta − reserved δ, plus the reserved δ — all of it registered in `ledger`.
 */
export async function estimateSchema(options: EstimateSchemaOptions): Promise<EstimateResult> {
  checkOptions(options);
  const { ledger, budget, target } = options;
  const split: BudgetSplit = { ...DEFAULT_SPLIT, ...options.split };
  const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const conversion: Conversion = ledger.toJSON().accountant.conversion;

  const file = await openCsv(options.source, { ...options.csv, header: options.header ?? true });
  const plans = planColumns(file, options.userSchema, target);
  const toEstimate = plans.filter((p) => p.domain === 'estimated');
  if (toEstimate.length === 0) {
    await closeUnread(file);
    return {
      schema: outputSchema(plans, new Map()),
      rowCount: null,
      decisions: {
        budget: { ...budget }, rho: 0, split, reservedDelta: 0, spentEpsilon: 0, rowCount: null,
        columns: plans.map(declaredDecision),
        notes: ['Every column is public or already estimated: nothing was read or released.'],
      },
    };
  }

  // ---- the one pass over the data ----
  const stats = await collectStatistics(file, plans.map((p) => p.request), maxCategories, options.onProgress);
  const statsOf = new Map(plans.map((p, i) => [p.name, stats.columns[i]!]));
  const checkOverflow = (p: ColumnPlan): void => {
    if (!statsOf.get(p.name)!.overflow) return;
    throw new UserError(
      `Column '${p.name}' has more than ${maxCategories} distinct values, too many to estimate its categories privately; drop it, group its values, declare its categories public in the schema, or raise maxCategories.`,
    );
  };
  toEstimate.filter((p) => p.knownType === 'categorical').forEach(checkOverflow);

  // ---- the budget plan (budget.ts) ----
  const formatPlans = toEstimate.filter((p) => p.request.format);
  const mayBound = toEstimate.some((p) => p.request.histogram);
  const mayCategorize = toEstimate.filter((p) => p.request.categories).length;
  const thresholdDelta = mayCategorize > 0 ? (options.thresholdDeltaShare ?? DEFAULT_THRESHOLD_DELTA_SHARE) * budget.delta : 0;
  const rho = totalRho(budget.epsilon, budget.delta - thresholdDelta, conversion);
  const typesWeight = split.types * (formatPlans.length > 0 ? 1 : ROW_COUNT_ONLY_FACTOR);
  const rhoTypes = (rho * typesWeight) / (typesWeight + (mayBound ? split.bounds : 0) + (mayCategorize > 0 ? split.categories : 0));

  // Everything below costs at most zCDP ρ in all (the exponential mechanism's RDP min(ε, αε²/8) is
  // ≤ α·ε²/8): check once, before any noise is drawn, that the caller's ledger can afford it.
  const upfront = ledger.preview(zcdp(rho), thresholdDelta > 0 ? { reserveDelta: thresholdDelta } : {});
  if (!(upfront.epsilon <= ledger.budget.epsilon)) {
    throw new UserError(
      `Pre-processing with ε = ${budget.epsilon} would raise the privacy spent to ε = ${fmt(upfront.epsilon)}, over the ledger's budget ε = ${ledger.budget.epsilon}; give pre-processing a smaller share, raise the budget, or declare columns public in the schema.`,
    );
  }
  // A ledger holding just this budget, on a wide order grid, checks that the parts compose within
  // it: an estimator bug trips it before the caller's ledger records the release.
  const own = createLedger({ epsilon: budget.epsilon, delta: budget.delta, orders: PREPROCESSING_ORDERS, conversion });
  const recorder: Recorder = {
    record(label, event, details) {
      own.register(label, event, details);
      ledger.register(label, event, details);
    },
    reserveDelta(label, delta, details) {
      own.reserveDelta(label, delta, details);
      ledger.reserveDelta(label, delta, details);
    },
  };

  // ---- release 1: row count and column types (column-format.ts) ----
  const typesSigma = sigmaForRho(rhoTypes);
  const typesSensitivity = formatSensitivity(formatPlans.length);
  const typesStd = typesSigma * typesSensitivity;
  const vector = new Float64Array(1 + stats.formatCells.length);
  vector[0] = stats.rows;
  vector.set(stats.formatCells, 1);
  recorder.record(formatPlans.length > 0 ? 'row count and column types' : 'row count', gaussian(typesSigma), {
    noiseStd: typesStd,
    sensitivity: typesSensitivity,
    columns: formatPlans.map((p) => p.name),
    cellsPerColumn: FORMAT_CELLS,
    neighbours: 'replace-one',
  });
  const noisy = addNoise(vector, typesStd);
  const noisyRows = noisy[0]!;
  const formats = new Map<string, FormatDecision>();
  for (const p of formatPlans) {
    formats.set(p.name, decideFormat(noisy, 1 + statsOf.get(p.name)!.formatOffset, noisyRows, typesStd, DEFAULT_FORMAT_THRESHOLDS));
  }
  const typeOf = (p: ColumnPlan): ColumnType => p.knownType ?? formats.get(p.name)!.type;
  const numeric = toEstimate.filter((p) => typeOf(p) !== 'categorical');
  const categorical = toEstimate.filter((p) => typeOf(p) === 'categorical');
  categorical.forEach(checkOverflow);

  // The rest of ρ goes to the parts that turned out to have something to release.
  const restWeight = (numeric.length > 0 ? split.bounds : 0) + (categorical.length > 0 ? split.categories : 0);
  const rhoBounds = numeric.length > 0 ? ((rho - rhoTypes) * split.bounds) / restWeight : 0;
  const rhoCategories = categorical.length > 0 ? ((rho - rhoTypes) * split.categories) / restWeight : 0;
  const releases = new Map<string, ColumnRelease>();

  // ---- release 2: bounds (release-bounds.ts) ----
  if (numeric.length > 0 && (options.boundsMethod ?? 'histogram') === 'histogram') {
    const inputs = numeric.map((p) => ({ column: p, type: typeOf(p) as 'numeric' | 'integer', statistics: statsOf.get(p.name)!, format: formats.get(p.name) }));
    releaseHistogramBounds(inputs, { recorder, sigma: sigmaForRho(rhoBounds), addNoise }).forEach((r, i) => releases.set(numeric[i]!.name, r));
  } else if (numeric.length > 0) {
    const context = {
      recorder,
      epsilonEach: epsilonForRho(rhoBounds / (2 * numeric.length)),
      quantiles: options.quantiles ?? DEFAULT_QUANTILES,
      noisyRows,
      typesStd,
    };
    for (const p of numeric) {
      const input = { column: p, type: typeOf(p) as 'numeric' | 'integer', statistics: statsOf.get(p.name)!, format: formats.get(p.name) };
      releases.set(p.name, releaseBounds(input, context));
    }
  }

  // ---- release 3: categories (release-categories.ts) ----
  let reserved = 0;
  if (categorical.length > 0) {
    const inputs = categorical.map((p) => ({ column: p, statistics: statsOf.get(p.name)!, format: formats.get(p.name) }));
    // δ_τ for each column that could have become categorical: the reservation planned covers them all.
    const result = releaseCategories(inputs, { recorder, sigma: sigmaForRho(rhoCategories), deltaPerColumn: thresholdDelta / mayCategorize, target });
    result.releases.forEach((r, i) => releases.set(categorical[i]!.name, r));
    reserved = result.reserved;
  }

  const domains = new Map<string, Domain>([...releases].map(([name, r]) => [name, r.domain]));
  return {
    schema: outputSchema(plans, domains),
    rowCount: Math.max(1, Math.round(noisyRows)),
    decisions: {
      budget: { ...budget },
      rho,
      split: { types: rhoTypes / rho, bounds: rhoBounds / rho, categories: rhoCategories / rho },
      reservedDelta: reserved,
      spentEpsilon: own.spent().epsilon,
      rowCount: { noisy: noisyRows, std: typesStd },
      columns: plans.map((p) => releases.get(p.name)?.decision ?? declaredDecision(p)),
      notes: plans.flatMap((p) => releases.get(p.name)?.notice ?? []),
    },
  };
}
