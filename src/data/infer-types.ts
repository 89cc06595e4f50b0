/**
 * Column type inference from a stream of rows: integer, numeric (float) or categorical, with
 * missing counts, min/max, decimals and distinct categories (capped, so memory stays bounded).
 * The result is derived from the data: it is private until released through the ledger.
 */
import type { CsvReadOptions, CsvSource, CsvValue } from './csv-reader.js';
import { openCsv } from './csv-reader.js';
import { parseNumeric } from './numbers.js';
import type { ColumnType } from './schema.js';

export interface ColumnStats {
  readonly name: string;
  readonly type: ColumnType;
  /** Non-missing values. */
  readonly count: number;
  readonly missing: number;
  /** Smallest and largest value of a numeric/integer column; NaN otherwise or when all missing. */
  readonly min: number;
  readonly max: number;
  /** Most digits after the decimal point seen (numeric columns; 0 for others). */
  readonly decimals: number;
  /** Sorted distinct values of a categorical column (at most `maxCategories`); [] otherwise. */
  readonly categories: readonly string[];
  /** More distinct values than `maxCategories`: `categories` is incomplete. */
  readonly highCardinality: boolean;
}

export interface InferOptions {
  /** Cap on the distinct values kept per column (default 1000). */
  readonly maxCategories?: number;
}

export interface TypeInferrer {
  add(values: readonly CsvValue[]): void;
  result(): ColumnStats[];
}

interface Accumulator {
  count: number;
  missing: number;
  allNumeric: boolean;
  allInteger: boolean;
  min: number;
  max: number;
  decimals: number;
  distinct: Set<string>;
  overflow: boolean;
}

export function createTypeInferrer(columns: readonly string[], options: InferOptions = {}): TypeInferrer {
  const cap = options.maxCategories ?? 1000;
  const acc: Accumulator[] = columns.map(() => ({
    count: 0,
    missing: 0,
    allNumeric: true,
    allInteger: true,
    min: Infinity,
    max: -Infinity,
    decimals: 0,
    distinct: new Set<string>(),
    overflow: false,
  }));

  function add(values: readonly CsvValue[]): void {
    for (let i = 0; i < acc.length; i++) {
      const a = acc[i]!;
      const text = values[i] ?? null;
      if (text === null) {
        a.missing++;
        continue;
      }
      a.count++;
      // Distinct values are kept for every column: a column that looks numeric may turn out
      // categorical later, and then its earlier values are categories too.
      if (!a.overflow && !a.distinct.has(text)) {
        if (a.distinct.size < cap) a.distinct.add(text);
        else a.overflow = true;
      }
      if (!a.allNumeric) continue;
      const parsed = parseNumeric(text);
      if (parsed === null) {
        a.allNumeric = false;
        continue;
      }
      if (!parsed.integer) a.allInteger = false;
      if (parsed.value < a.min) a.min = parsed.value;
      if (parsed.value > a.max) a.max = parsed.value;
      if (parsed.decimals > a.decimals) a.decimals = parsed.decimals;
    }
  }

  function result(): ColumnStats[] {
    return acc.map((a, i) => {
      // An all-missing column has no evidence of being numeric; call it categorical.
      const type: ColumnType = a.count === 0 || !a.allNumeric ? 'categorical' : a.allInteger ? 'integer' : 'numeric';
      const numeric = type !== 'categorical';
      return {
        name: columns[i]!,
        type,
        count: a.count,
        missing: a.missing,
        min: numeric ? a.min : NaN,
        max: numeric ? a.max : NaN,
        decimals: type === 'numeric' ? a.decimals : 0,
        categories: numeric ? [] : [...a.distinct].sort(compareStrings),
        highCardinality: !numeric && a.overflow,
      };
    });
  }

  return { add, result };
}

/** Code-unit order: deterministic and locale-independent. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads `source` once and infers each column's type and statistics. */
export async function inferColumnTypes(source: CsvSource, options: CsvReadOptions & InferOptions = {}): Promise<ColumnStats[]> {
  const file = await openCsv(source, options);
  const inferrer = createTypeInferrer(file.columns, options);
  for await (const record of file.rows) inferrer.add(record.values);
  return inferrer.result();
}
