/**
 * Release 2: the bounds of every numeric column, two DP quantiles each (quantile.ts), registered
 * per column as "bounds of <column> (exponential mechanism)". Integers are rounded outward to whole
 * numbers, numeric columns outward to their decimals; values outside are clipped later (`clip`).
 */
import { exponentialMechanism, selfComposed } from '../privacy/index.js';
import type { ColumnStatistics } from './collect.js';
import { DEFAULT_FORMAT_THRESHOLDS, formatSummary, type FormatDecision } from './column-format.js';
import { dpQuantile, rankSlack } from './quantile.js';
import { SMALL_INTEGERS } from './grid.js';
import type { ColumnPlan, ColumnRelease, Recorder } from './types.js';

/** Quantile levels are never moved further inwards than these. */
const INNERMOST_QUANTILES: readonly [number, number] = [0.25, 0.75];

const fmt = (x: number): string => String(Number(x.toPrecision(3)));

export interface BoundsInput {
  readonly column: ColumnPlan;
  readonly type: 'numeric' | 'integer';
  readonly statistics: ColumnStatistics;
  /** The column's released format (absent when its type was declared). */
  readonly format: FormatDecision | undefined;
}

export interface BoundsContext {
  readonly recorder: Recorder;
  /** ε of each exponential mechanism. */
  readonly epsilonEach: number;
  /** Requested quantile levels. */
  readonly quantiles: readonly [number, number];
  /** Released (noisy) row count and the noise std of release 1. */
  readonly noisyRows: number;
  readonly typesStd: number;
}

export function roundOutward(value: number, decimals: number, direction: 'down' | 'up'): number {
  const scale = 10 ** decimals;
  const scaled = direction === 'down' ? Math.floor(value * scale) : Math.ceil(value * scale);
  return Number((scaled / scale).toFixed(decimals));
}

export function releaseBounds(input: BoundsInput, context: BoundsContext): ColumnRelease {
  const { column, type, format } = input;
  const { epsilonEach } = context;
  const [q0, q1] = context.quantiles;
  const declaredDecimals = column.typeFrom === 'declared' && column.declared?.type === 'numeric' ? column.declared.format?.decimals : undefined;
  const decimals = type === 'integer' ? 0 : (declaredDecimals ?? format?.decimals ?? 0);
  // Post-processing of release 1: how many numbers the quantiles are taken over, hence how far in
  // the levels must move for the mechanism to locate them (quantile.ts, rankSlack).
  const count = format?.numbers ?? Math.max(0, context.noisyRows);
  const reach = count > 0 ? rankSlack(epsilonEach) / count : 1;
  const levels: [number, number] = [
    Math.max(q0, Math.min(INNERMOST_QUANTILES[0], reach)),
    Math.min(q1, Math.max(INNERMOST_QUANTILES[1], 1 - reach)),
  ];
  context.recorder.record(`bounds of ${column.name} (exponential mechanism)`, selfComposed(exponentialMechanism(epsilonEach), 2), {
    epsilonEach,
    quantiles: levels,
    utilitySensitivity: 1,
    candidates: `fixed grid: 0, ±2^(k/32) for 2^-20 … 2^40, and the integers up to ±${SMALL_INTEGERS}`,
    neighbours: 'replace-one',
  });
  const histogram = input.statistics.histogram!;
  const a = dpQuantile(histogram, levels[0], epsilonEach);
  const b = dpQuantile(histogram, levels[1], epsilonEach);
  const bounds: [number, number] = [roundOutward(Math.min(a, b), decimals, 'down'), roundOutward(Math.max(a, b), decimals, 'up')];

  const noteParts: string[] = [];
  let notice: string | undefined;
  if (levels[0] !== q0 || levels[1] !== q1) {
    noteParts.push(`bounds are the ${fmt(levels[0])} and ${fmt(levels[1])} quantiles (not ${q0} and ${q1}): at this budget the mechanism cannot place more extreme quantiles reliably`);
    notice = `${column.name}: bounds taken at the ${fmt(levels[0])} and ${fmt(levels[1])} quantiles instead of ${q0} and ${q1}, because of the small budget; more values will be clipped.`;
  }
  // The schema check rejects non-numbers in a numeric column and fractions in an integer one, even
  // with clip: warn when the noisy counts say (beyond noise) that there are some.
  const clearly = DEFAULT_FORMAT_THRESHOLDS.noiseAllowance * context.typesStd;
  if (format && format.nonNumericFraction * format.nonMissing > clearly) {
    noteParts.push(`about ${fmt(100 * format.nonNumericFraction)}% of values are not numbers (noisy estimate); reading the data with this schema stops at them, so clean them first`);
  }
  if (format && type === 'integer' && format.nonIntegerFraction * format.numbers > clearly) {
    noteParts.push(`about ${fmt(100 * format.nonIntegerFraction)}% of numbers are not integers (noisy estimate); reading the data with this schema stops at them`);
  }
  const note = noteParts.length > 0 ? noteParts.join('; ') + '.' : undefined;
  return {
    domain: { type, bounds, decimals, ...(note ? { note } : {}) },
    decision: {
      name: column.name,
      domain: 'estimated',
      type,
      typeFrom: column.typeFrom,
      ...(format ? { format: formatSummary(format) } : {}),
      bounds: { bounds, quantiles: levels, epsilonEach },
      ...(note ? { note } : {}),
    },
    ...(notice ? { notice } : {}),
  };
}
