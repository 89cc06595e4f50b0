/**
 * Table: columnar data checked against a schema. Numeric and integer columns are Float64Array with
 * NaN for missing; categorical columns are Int32Array codes into `categories`, -1 for missing.
 */
import { UserError } from '../errors.js';
import { openCsv, type CsvReadOptions, type CsvSource } from './csv-reader.js';
import { writeCsv, type CsvWriteOptions } from './csv-writer.js';
import type { InferOptions } from './infer-types.js';
import { compareStrings } from './infer-types.js';
import { formatNumber } from './numbers.js';
import { categoricalConverter, matchColumns, numericConverter, type CategoricalConverter, type CellInput, type Where } from './schema-check.js';
import { inferSchema } from './schema-infer.js';
import type { Schema } from './schema.js';
import { isRereadable } from './text-source.js';

export interface NumericColumn {
  readonly name: string;
  readonly type: 'numeric' | 'integer';
  /** NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly type: 'categorical';
  /** Index into `categories`; -1 marks a missing value. */
  readonly codes: Int32Array;
  readonly categories: readonly string[];
}

export type TableColumn = NumericColumn | CategoricalColumn;

export interface Table {
  readonly rowCount: number;
  /** In schema order. */
  readonly columns: readonly TableColumn[];
  /** The schema the table was checked against (for an inferred one, `source` says so). */
  readonly schema: Schema;
}

export interface TableBuilder {
  /** Adds one row; `values[order[j]]` is the cell of schema column j. */
  add(values: readonly CellInput[], where: Where): void;
  finish(): Table;
}

/** Growable typed array storage (doubling), trimmed on finish. */
function grow<T extends Float64Array | Int32Array>(array: T, needed: number, make: (n: number) => T): T {
  if (needed <= array.length) return array;
  const next = make(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Builds a table row by row against `schema`. `order` maps schema columns to positions in each
 * added row (identity by default).
 */
export function createTableBuilder(schema: Schema, order?: readonly number[]): TableBuilder {
  const idx = order ?? schema.columns.map((_, j) => j);
  let rows = 0;
  let capacity = 1024;
  const numeric: (((cell: CellInput, where: Where) => number) | null)[] = [];
  const categorical: (CategoricalConverter | null)[] = [];
  let storage: (Float64Array | Int32Array)[] = [];
  for (const column of schema.columns) {
    if (column.type === 'categorical') {
      numeric.push(null);
      categorical.push(categoricalConverter(column));
      storage.push(new Int32Array(capacity));
    } else {
      numeric.push(numericConverter(column));
      categorical.push(null);
      storage.push(new Float64Array(capacity));
    }
  }

  function add(values: readonly CellInput[], where: Where): void {
    if (rows === capacity) {
      capacity *= 2;
      storage = storage.map((s) => (s instanceof Float64Array ? grow(s, capacity, (n) => new Float64Array(n)) : grow(s, capacity, (n) => new Int32Array(n))));
    }
    for (let j = 0; j < idx.length; j++) {
      const cell = values[idx[j]!];
      const conv = numeric[j];
      storage[j]![rows] = conv ? conv(cell, where) : categorical[j]!.convert(cell, where);
    }
    rows++;
  }

  function finish(): Table {
    const columns: TableColumn[] = schema.columns.map((column, j) => {
      if (column.type === 'categorical') {
        const codes = (storage[j] as Int32Array).slice(0, rows);
        let categories = categorical[j]!.categories();
        // Categories collected from the data are sorted so the table does not depend on row order.
        if (column.categories === undefined) {
          const sorted = [...categories].sort(compareStrings);
          const remap = new Int32Array(categories.length);
          categories.forEach((c, i) => (remap[i] = sorted.indexOf(c)));
          for (let r = 0; r < rows; r++) if (codes[r]! >= 0) codes[r] = remap[codes[r]!]!;
          categories = sorted;
        }
        return { name: column.name, type: 'categorical', codes, categories };
      }
      return { name: column.name, type: column.type, values: (storage[j] as Float64Array).slice(0, rows) };
    });
    return { rowCount: rows, columns, schema };
  }

  return { add, finish };
}

export interface ReadTableOptions extends CsvReadOptions, InferOptions {
  /**
   * The schema to check the data against. Without one, a schema is inferred from the data (two
   * passes over the file); it is marked `inferred-from-data` and none of its domains are public.
   */
  readonly schema?: Schema;
}

/**
 * Reads a CSV into a table checked against `options.schema` (or an inferred schema). Every value
 * that contradicts the schema is a UserError naming the file, line, column, value and fix.
 */
export async function readTable(source: CsvSource, options: ReadTableOptions = {}): Promise<Table> {
  let schema = options.schema;
  if (schema === undefined) {
    if (!isRereadable(source)) throw new Error('readTable: a stream source can be read only once, so give a schema');
    schema = await inferSchema(source, options);
  }
  const file = await openCsv(source, options);
  const order = matchColumns(file.columns, schema, file.name);
  const builder = createTableBuilder(schema, order);
  let line = 0;
  const where: Where = () => `${file.name} line ${line}`;
  for await (const record of file.rows) {
    line = record.line;
    builder.add(record.values, where);
  }
  return builder.finish();
}

/** Builds a table from in-memory rows whose cells are in schema order. */
export function tableFromRows(schema: Schema, rows: Iterable<readonly CellInput[]>): Table {
  const builder = createTableBuilder(schema);
  let row = 0;
  const where: Where = () => `row ${row} of the data`;
  for (const values of rows) {
    row++;
    if (values.length !== schema.columns.length) {
      throw new UserError(`row ${row} of the data has ${values.length} values but the schema has ${schema.columns.length} columns; give one value per schema column.`);
    }
    builder.add(values, where);
  }
  return builder.finish();
}

export function tableColumnNames(table: Table): string[] {
  return table.columns.map((c) => c.name);
}

export function getColumn(table: Table, name: string): TableColumn {
  const column = table.columns.find((c) => c.name === name);
  if (column === undefined) throw new UserError(`the table has no column '${name}'; use one of ${tableColumnNames(table).join(', ')}.`);
  return column;
}

/**
 * Rows as text for writing back: integers without decimals, numeric values with the schema's
 * `format.decimals` when given, categories by name, null for missing.
 */
export function* tableToRows(table: Table): Generator<(string | null)[]> {
  const formats = table.columns.map((c) => {
    const s = table.schema.columns.find((sc) => sc.name === c.name);
    return s && s.type === 'numeric' ? s.format?.decimals : undefined;
  });
  for (let r = 0; r < table.rowCount; r++) {
    yield table.columns.map((column, j) => {
      if (column.type === 'categorical') {
        const code = column.codes[r]!;
        return code < 0 ? null : column.categories[code]!;
      }
      const value = column.values[r]!;
      return Number.isNaN(value) ? null : formatNumber(value, column.type, formats[j]);
    });
  }
}

/** Writes the table as CSV (atomically; gzipped when the path ends with `.gz`). */
export async function writeTable(path: string, table: Table, options: CsvWriteOptions = {}): Promise<number> {
  return writeCsv(path, tableColumnNames(table), tableToRows(table), options);
}
