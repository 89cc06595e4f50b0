/**
 * Before any row is read: option checks, and per column what is free (public, or estimated
 * earlier) and what must be estimated — its type too, unless a person declared it.
 */
import { ensure, UserError } from '../errors.js';
import { domainStatus, type ColumnType, type CsvFile, type Schema } from '../data/index.js';
import { matchColumns } from '../data/schema-check.js';
import type { ColumnDecision, ColumnPlan, EstimateSchemaOptions } from './types.js';

export function checkOptions(o: EstimateSchemaOptions): void {
  const { epsilon, delta } = o.budget ?? ({} as { epsilon?: number; delta?: number });
  ensure(
    typeof epsilon === 'number' && Number.isFinite(epsilon) && epsilon > 0,
    `The pre-processing budget ε must be a positive number, got ${String(epsilon)}; pass e.g. 0.1 (10% of a total ε of 1).`,
  );
  ensure(
    typeof delta === 'number' && delta > 0 && delta < 1,
    `The pre-processing budget δ must be in (0, 1), got ${String(delta)}; pass e.g. 1e-6 (10% of a total δ of 1e-5).`,
  );
  if (o.maxCategories !== undefined) {
    ensure(Number.isInteger(o.maxCategories) && o.maxCategories > 0, `maxCategories must be a positive whole number, got ${o.maxCategories}; pass e.g. 100000.`);
  }
  if (o.quantiles !== undefined) {
    const [lo, hi] = o.quantiles;
    ensure(lo > 0 && lo < hi && hi < 1, `The bounds' quantile levels must satisfy 0 < low < high < 1, got [${lo}, ${hi}]; pass e.g. [0.005, 0.995].`);
  }
  if (o.thresholdDeltaShare !== undefined) {
    ensure(o.thresholdDeltaShare > 0 && o.thresholdDeltaShare < 1, `thresholdDeltaShare must be in (0, 1), got ${o.thresholdDeltaShare}; pass e.g. 0.25.`);
  }
  if (o.split !== undefined) {
    for (const [part, share] of Object.entries(o.split)) {
      ensure(typeof share === 'number' && Number.isFinite(share) && share > 0, `The budget share of '${part}' must be a positive number, got ${String(share)}; pass e.g. 0.4.`);
    }
  }
}

/** Matches the CSV header with the user schema and decides, per column, what must be estimated. */
export function planColumns(file: CsvFile, userSchema: Schema | undefined, target: string | undefined): ColumnPlan[] {
  if (target !== undefined && !file.columns.includes(target)) {
    throw new UserError(`There is no target column '${target}' in ${file.name}; pass one of: ${file.columns.join(', ')}.`);
  }
  const trustTypes = userSchema?.source === 'user';
  const order = userSchema ? matchColumns(file.columns, userSchema, file.name) : file.columns.map((_, i) => i);
  const plans = order.map((csvIndex, j): ColumnPlan => {
    const name = file.columns[csvIndex]!;
    const declared = userSchema ? userSchema.columns[j]! : null;
    const status = declared ? domainStatus(declared) : 'needs-estimate';
    const domain: ColumnDecision['domain'] = status === 'public' ? 'public' : status === 'estimated' ? 'estimated-before' : 'estimated';
    const isTarget = name === target;
    // A schema inferred from the data took its types from the data: only a person's declaration is free.
    const trusted = declared !== null && (domain !== 'estimated' || trustTypes);
    if (isTarget && trusted && declared!.type !== 'categorical') {
      throw new UserError(`The target column '${name}' is declared ${declared!.type} in the schema; a target holds classes, so make its type "categorical".`);
    }
    const knownType: ColumnType | null = trusted ? declared!.type : isTarget ? 'categorical' : null;
    const estimate = domain === 'estimated';
    // A numeric column declared without a format still needs its decimals.
    const needsDecimals = knownType === 'numeric' && declared?.type === 'numeric' && declared.format === undefined;
    return {
      name,
      csvIndex,
      declared,
      domain,
      knownType,
      typeFrom: trusted ? 'declared' : isTarget ? 'target' : 'estimated',
      request: {
        csvIndex,
        format: estimate && (knownType === null || needsDecimals),
        histogram: estimate && knownType !== 'categorical',
        categories: estimate && (knownType === null || knownType === 'categorical'),
      },
    };
  });
  if (target !== undefined) {
    const plan = plans.find((p) => p.name === target)!;
    const declared = plan.declared;
    if (plan.domain !== 'estimated' && declared?.type === 'categorical' && (declared.categories?.length ?? 0) < 2) {
      throw new UserError(`The target column '${target}' has fewer than 2 categories in the schema; a target needs at least 2 classes, so list them all.`);
    }
  }
  return plans;
}
