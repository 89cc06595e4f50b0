/**
 * Release 3: the categories of every categorical column in one thresholded Gaussian histogram
 * (categories.ts), with its δ reserved in the ledger first. A column with no category above the
 * threshold stays categorical with an empty domain (all its synthetic values missing), with a note.
 */
import { UserError } from '../errors.js';
import { gaussian } from '../privacy/index.js';
import { categoriesSensitivity, categoryThreshold, releaseThresholdedCategories } from './categories.js';
import type { ColumnStatistics } from './collect.js';
import { formatSummary, type FormatDecision } from './column-format.js';
import type { ColumnPlan, ColumnRelease, Recorder } from './types.js';

export interface CategoriesInput {
  readonly column: ColumnPlan;
  readonly statistics: ColumnStatistics;
  readonly format: FormatDecision | undefined;
}

export interface CategoriesContext {
  readonly recorder: Recorder;
  /** Noise multiplier of the Gaussian (noise std = σ·√(2m)). */
  readonly sigma: number;
  /** δ_τ: probability that a category held by one row is released, per column. */
  readonly deltaPerColumn: number;
  readonly target: string | undefined;
}

function describeColumns(names: readonly string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`;
}

/** The released domains, in input order, and the δ reserved. */
export function releaseCategories(inputs: readonly CategoriesInput[], context: CategoriesContext): { releases: ColumnRelease[]; reserved: number } {
  const names = inputs.map((i) => i.column.name);
  const { sigma, deltaPerColumn } = context;
  const sensitivity = categoriesSensitivity(inputs.length);
  const std = sigma * sensitivity;
  const tau = categoryThreshold(std, deltaPerColumn);
  // Each of these columns could hold a category of a single row: m·δ_τ in all.
  const reserved = deltaPerColumn * inputs.length;
  const label = `categories of ${describeColumns(names)} (thresholded Gaussian histogram)`;
  context.recorder.reserveDelta(`threshold of ${label}`, reserved, { deltaPerColumn, columns: names.length, threshold: tau });
  context.recorder.record(label, gaussian(sigma), { noiseStd: std, sensitivity, threshold: tau, deltaPerColumn, columns: names, neighbours: 'replace-one' });
  const released = releaseThresholdedCategories(inputs.map((i) => i.statistics.categories!), std, tau);
  const rows = Math.round(tau);

  const releases = inputs.map(({ column, format }, i): ColumnRelease => {
    const { categories, noisyCounts } = released[i]!;
    const empty = categories.length === 0;
    const note = empty
      ? `no category is frequent enough to be released privately (threshold ≈ ${rows} rows); every synthetic value of this column will be missing.`
      : undefined;
    return {
      domain: { type: 'categorical', categories, ...(note ? { note } : {}) },
      decision: {
        name: column.name,
        domain: 'estimated',
        type: 'categorical',
        typeFrom: column.typeFrom,
        ...(format ? { format: formatSummary(format) } : {}),
        categories: { released: categories.length, threshold: tau, noisyCounts: Object.fromEntries(categories.map((c, k) => [c, noisyCounts[k]!])) },
        ...(note ? { note } : {}),
      },
      ...(empty ? { notice: `${column.name}: no category could be released privately (threshold ≈ ${rows} rows); the column is kept with an empty domain and its synthetic values will all be missing.` } : {}),
    };
  });

  const targetIndex = context.target === undefined ? -1 : names.indexOf(context.target);
  if (targetIndex >= 0) {
    const count = released[targetIndex]!.categories.length;
    if (count < 2) {
      throw new UserError(
        `The target column ${context.target} has ${count === 0 ? 'no category' : 'only one category'} that can be released privately at this budget (threshold ≈ ${rows} rows); raise the pre-processing budget, declare its classes public in the schema, or choose another target.`,
      );
    }
  }
  return { releases, reserved };
}
