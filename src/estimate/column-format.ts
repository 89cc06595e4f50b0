/**
 * Private column types, missingness and numeric format, from one Gaussian release of counts.
 *
 * Per column the vector holds FORMAT_CELLS counts:
 *   [0] non-missing values that are not numbers
 *   [1] numbers whose value is not an integer
 *   [2 + d] numbers written with d digits after the point, d = 0 … 5, and [8] with 6 or more
 *   [9] missing values
 * A value adds 1 to: missing → {9}; not a number → {0}; integer-valued number with d decimals
 * ("17", "17.0") → {2 + d}; other number → {1, 2 + d}.
 *
 * Sensitivity under replace-one: a changed row swaps one value a for b in each column, changing
 * that column's cells by e(b) − e(a), whose squared norm is the size of the symmetric difference of
 * the two cell sets above. The largest is 3 (a non-integer such as "2.5" → {1, 3} replaced by a
 * missing value {9}; two non-integers share cell 1, so they differ in at most 2). Over m columns,
 * Δ₂ = √(3m). The row count, released in the same vector, is the same for every replace-one
 * neighbour and adds nothing; under add/remove-one it would add 1 and each column at most √2, and
 * √(1 + 2m) ≤ √(3m), so the same noise also covers that relation. With no column (row count
 * alone), Δ₂ = 1 (the add/remove-one sensitivity; zero under replace-one).
 */
import type { CsvValue, ParsedNumber } from '../data/index.js';
import { parseNumeric } from '../data/index.js';

export const FORMAT_CELLS = 10;
const NON_NUMERIC = 0;
const NON_INTEGER = 1;
const DECIMALS = 2;
/** Decimals counted separately; more fall in the last decimals cell. */
export const MAX_COUNTED_DECIMALS = 6;
const MISSING = 9;

/** Joint L2 sensitivity of the row count and the cells of `columns` columns (see the module comment). */
export function formatSensitivity(columns: number): number {
  return columns === 0 ? 1 : Math.sqrt(3 * columns);
}

/**
 * Adds one value to a column's cells (at `offset` in `cells`). `parsed` is parseNumeric(value) when
 * the caller has it already.
 */
export function addFormatValue(cells: Float64Array, offset: number, value: CsvValue, parsed: ParsedNumber | null = value === null ? null : parseNumeric(value)): void {
  if (value === null) {
    cells[offset + MISSING]++;
    return;
  }
  if (parsed === null) {
    cells[offset + NON_NUMERIC]++;
    return;
  }
  // Integer-ness of the value, not of the literal: the schema check accepts "17.0" in an integer column.
  if (!Number.isInteger(parsed.value)) cells[offset + NON_INTEGER]++;
  cells[offset + DECIMALS + Math.min(parsed.decimals, MAX_COUNTED_DECIMALS)]++;
}

export interface FormatThresholds {
  /** Numeric when at most this fraction of non-missing values are not numbers (default 0.02). */
  readonly nonNumeric: number;
  /** Integer when at most this fraction of numbers are not integers (default 0.01). */
  readonly nonInteger: number;
  /** Decimals: the fewest that cover at least this fraction of numbers (default 0.99). */
  readonly decimalsCoverage: number;
  /**
   * Noise allowance, in standard deviations: a fraction counts as above its threshold only when the
   * noisy count exceeds the threshold by this many noise std (default 3), so that noise alone
   * rarely turns a numeric column categorical or an integer column numeric.
   */
  readonly noiseAllowance: number;
}

export const DEFAULT_FORMAT_THRESHOLDS: FormatThresholds = Object.freeze({
  nonNumeric: 0.02,
  nonInteger: 0.01,
  decimalsCoverage: 0.99,
  noiseAllowance: 3,
});

export interface FormatDecision {
  readonly type: 'numeric' | 'integer' | 'categorical';
  /** Digits after the point (numeric columns; 0 otherwise). */
  readonly decimals: number;
  /** Noisy estimates (post-processing of the release). */
  readonly nonMissing: number;
  readonly numbers: number;
  readonly missingFraction: number;
  readonly nonNumericFraction: number;
  readonly nonIntegerFraction: number;
}

const pos = (x: number): number => Math.max(0, x);
const ratio = (a: number, b: number): number => (b > 0 ? Math.min(1, pos(a) / b) : 0);

/**
 * Decides a column's type and decimals from its noisy cells, the noisy row count and the noise std
 * of each cell. Every input is already private: this is post-processing.
 */
export function decideFormat(
  cells: ArrayLike<number>,
  offset: number,
  rowCount: number,
  std: number,
  thresholds: FormatThresholds = DEFAULT_FORMAT_THRESHOLDS,
): FormatDecision {
  const z = thresholds.noiseAllowance;
  const cell = (i: number): number => cells[offset + i]!;
  const missing = pos(cell(MISSING));
  // Differences of independent noisy counts: n − missing has noise std √2·std, minus non-numbers √3·std.
  const nonMissing = pos(rowCount - missing);
  const nonNumeric = pos(cell(NON_NUMERIC));
  const numbers = pos(nonMissing - nonNumeric);
  const nonInteger = pos(cell(NON_INTEGER));
  const decimalCells = Array.from({ length: MAX_COUNTED_DECIMALS + 1 }, (_, d) => pos(cell(DECIMALS + d)));

  const isNumeric =
    numbers > z * std * Math.sqrt(3) &&
    nonNumeric <= thresholds.nonNumeric * nonMissing + z * std &&
    nonNumeric < 0.5 * nonMissing;
  const isInteger = nonInteger <= thresholds.nonInteger * numbers + z * std && nonInteger < 0.5 * numbers;
  let decimals = MAX_COUNTED_DECIMALS;
  for (let d = 0; d < MAX_COUNTED_DECIMALS; d++) {
    let tail = 0;
    for (let i = d + 1; i <= MAX_COUNTED_DECIMALS; i++) tail += decimalCells[i]!;
    const allowance = (1 - thresholds.decimalsCoverage) * numbers + z * std * Math.sqrt(MAX_COUNTED_DECIMALS - d);
    if (tail <= allowance) {
      decimals = d;
      break;
    }
  }
  const type = !isNumeric ? 'categorical' : isInteger ? 'integer' : 'numeric';
  return {
    type,
    decimals: type === 'numeric' ? decimals : 0,
    nonMissing,
    numbers,
    missingFraction: ratio(missing, pos(rowCount)),
    nonNumericFraction: ratio(nonNumeric, nonMissing),
    nonIntegerFraction: ratio(nonInteger, numbers),
  };
}

/** The noisy fractions behind a column's type decision, as reported in the decisions. */
export interface FormatSummary {
  readonly missingFraction: number;
  readonly nonNumericFraction: number;
  readonly nonIntegerFraction: number;
  readonly decimals: number;
}

export function formatSummary(f: FormatDecision): FormatSummary {
  return {
    missingFraction: f.missingFraction,
    nonNumericFraction: f.nonNumericFraction,
    nonIntegerFraction: f.nonIntegerFraction,
    decimals: f.decimals,
  };
}
