/**
 * Checking data against a schema. A schema that contradicts the data is a UserError naming the
 * place, column and value, and the fix. Policy for values outside the declared domain:
 *  - by default an error (the user's schema is wrong or the data is: a person should decide);
 *  - with `"clip": true` (always the case for privately estimated domains) numeric values are kept
 *    as they are in the table and clipped into bounds by the encoders, and unknown categories are
 *    read as missing.
 */
import { UserError } from '../errors.js';
import { parseNumeric } from './numbers.js';
import type { CategoricalColumnSchema, ColumnSchema, NumericColumnSchema, Schema } from './schema.js';
import type { Table } from './table.js';

/** A cell as given to a table builder: text from a CSV, a number, or missing (null/undefined). */
export type CellInput = string | number | null | undefined;

/** Describes where a value came from in a message, e.g. "adult.csv line 17" or "row 3". */
export type Where = () => string;

function show(value: string | number): string {
  const text = String(value);
  return typeof value === 'number' ? text : `'${text.length > 40 ? text.slice(0, 37) + '...' : text}'`;
}

function fail(message: string): never {
  throw new UserError(message);
}

/**
 * Maps CSV column names onto the schema: `order[j]` is the index in `names` of schema column j.
 * Every CSV column must be in the schema and every schema column in the CSV.
 */
export function matchColumns(names: readonly string[], schema: Schema, file: string): number[] {
  const position = new Map(names.map((n, i) => [n, i]));
  const known = new Set(schema.columns.map((c) => c.name));
  for (const n of names) {
    if (!known.has(n)) fail(`${file} has a column '${n}' that the schema does not list; add it to the schema (with "public": false if unsure) or remove it from the data.`);
  }
  return schema.columns.map((c) => {
    const i = position.get(c.name);
    if (i === undefined) fail(`${file} has no column '${c.name}' but the schema lists it; add the column to the data, fix its name, or remove it from the schema.`);
    return i;
  });
}

function missingError(where: Where, column: ColumnSchema): never {
  fail(`${where()} has no value in column '${column.name}', but the schema says it cannot be missing; fill in the value or set "missing": true for '${column.name}'.`);
}

function boundsError(where: Where, column: NumericColumnSchema, value: number): never {
  const [lo, hi] = column.bounds!;
  fail(`${where()} has the value ${value} in column '${column.name}', outside its bounds [${lo}, ${hi}]; widen the bounds or set "clip": true for '${column.name}' to clip such values.`);
}

function categoryError(where: Where, column: CategoricalColumnSchema, value: string): never {
  fail(`${where()} has the value ${show(value)} in column '${column.name}', which is not among its categories; add it to "categories" or set "clip": true and "missing": true to read unknown values as missing.`);
}

function integerError(where: Where, column: ColumnSchema, value: string | number): never {
  fail(`${where()} has the value ${show(value)} in column '${column.name}', which the schema declares integer; fix the value or change the type of '${column.name}' to "numeric".`);
}

/** Converts a cell of a numeric/integer column to a number (NaN for missing), enforcing the schema. */
export function numericConverter(column: NumericColumnSchema): (cell: CellInput, where: Where) => number {
  const bounds = column.bounds;
  const checkBounds = bounds !== undefined && !column.clip;
  const integer = column.type === 'integer';
  return (cell, where) => {
    if (cell === null || cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) {
      if (!column.missing) missingError(where, column);
      return NaN;
    }
    let value: number;
    if (typeof cell === 'number') {
      if (!Number.isFinite(cell)) fail(`${where()} has the value ${cell} in column '${column.name}'; use finite numbers only.`);
      value = cell;
    } else {
      const parsed = parseNumeric(cell);
      // With clip (every privately estimated column) a non-number reads as missing: aborting on one
      // row's content after the schema was released would make the run's outcome depend on that row.
      if (parsed === null && column.clip && column.missing) return NaN;
      if (parsed === null) {
        fail(`${where()} has the value ${show(cell)} in column '${column.name}', which the schema declares ${column.type}; fix the value or make '${column.name}' categorical.`);
      }
      value = parsed.value;
    }
    if (integer && !Number.isInteger(value)) {
      if (column.clip) value = Math.round(value); // same reason: tolerate, never abort, on clipped columns
      else integerError(where, column, cell);
    }
    if (checkBounds && (value < bounds[0] || value > bounds[1])) boundsError(where, column, value);
    return value;
  };
}

export interface CategoricalConverter {
  /** The code of the cell's category, or -1 for missing. */
  convert(cell: CellInput, where: Where): number;
  /** The category list the codes index (the schema's, or the values seen when it has none). */
  categories(): string[];
}

/**
 * Converts cells of a categorical column to codes. Without declared categories (a domain still to be
 * estimated privately) the list grows as values are seen; it stays inside the table and is private.
 */
export function categoricalConverter(column: CategoricalColumnSchema): CategoricalConverter {
  const declared = column.categories;
  const list: string[] = declared ? [...declared] : [];
  const index = new Map(list.map((c, i) => [c, i]));
  return {
    convert(cell, where) {
      if (cell === null || cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) {
        if (!column.missing) missingError(where, column);
        return -1;
      }
      const text = String(cell);
      const code = index.get(text);
      if (code !== undefined) return code;
      if (declared) {
        if (column.clip) return -1;
        categoryError(where, column, text);
      }
      index.set(text, list.length);
      list.push(text);
      return list.length - 1;
    },
    categories: () => list,
  };
}

/**
 * Checks an in-memory table against a schema: the same column names, compatible types, and every
 * value inside its declared domain (see the module comment for `clip`). Throws a UserError naming the
 * column, the row and the value, with the fix.
 */
export function checkTableAgainstSchema(table: Table, schema: Schema): void {
  const names = table.columns.map((c) => c.name);
  matchColumns(names, schema, 'the table');
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const column of schema.columns) {
    const data = byName.get(column.name)!;
    const where = (row: number): Where => () => `row ${row + 1} of the table`;
    if ((column.type === 'categorical') !== (data.type === 'categorical')) {
      fail(`column '${column.name}' is ${data.type} in the table but ${column.type} in the schema; change the schema's type or rebuild the table with this schema.`);
    }
    if (column.type === 'categorical' && data.type === 'categorical') {
      const allowed = column.categories ? new Set(column.categories) : null;
      for (let r = 0; r < data.codes.length; r++) {
        const code = data.codes[r]!;
        if (code < 0) {
          if (!column.missing) missingError(where(r), column);
        } else if (allowed && !allowed.has(data.categories[code]!) && !column.clip) {
          categoryError(where(r), column, data.categories[code]!);
        }
      }
    } else if (column.type !== 'categorical' && data.type !== 'categorical') {
      const convert = numericConverter(column);
      for (let r = 0; r < data.values.length; r++) convert(data.values[r], where(r));
    }
  }
}
