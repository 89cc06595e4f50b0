/**
 * Streaming CSV reader: rows come out one at a time, so a file of any size is read in bounded
 * memory. Missing-value tokens become `null`; every malformed input is a UserError that names the
 * file and line.
 */
import { ensure, UserError } from '../errors.js';
import { createCsvTokenizer, type RawRecord } from './csv-parse.js';
import { sourceName, textChunks, type TextSource } from './text-source.js';

export type CsvSource = TextSource;
export type CsvValue = string | null;

/** Tokens read as missing values when they appear unquoted (UCI Adult uses `?`). */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['?', '', 'NA', 'NaN'];

export interface CsvReadOptions {
  /** First row holds column names (default true); if false, columns are named col1..colN. */
  readonly header?: boolean;
  /** Unquoted values read as null (default `?`, empty, `NA`, `NaN`). Quoted values are always literal. */
  readonly missing?: readonly string[];
  /** Trim spaces and tabs around fields (default true; UCI Adult separates with ", "). */
  readonly trim?: boolean;
  readonly delimiter?: string;
  /** Name used in error messages (default: the file's base name). */
  readonly name?: string;
  /** Longest record allowed in characters (default 16 Mi), a guard against a never-closed quote. */
  readonly maxRecordChars?: number;
}

export interface CsvRecord {
  /** 1-based line in the file where this row starts. */
  readonly line: number;
  readonly values: readonly CsvValue[];
}

export interface CsvFile {
  /** Name used in error messages. */
  readonly name: string;
  readonly columns: readonly string[];
  /** Data rows; can be iterated once. Throws a UserError at the end if there were none. */
  readonly rows: AsyncIterable<CsvRecord>;
}

/** All records of `source` as raw fields, header included. */
async function* rawRecords(source: CsvSource, name: string, options: CsvReadOptions): AsyncGenerator<RawRecord> {
  const tokenizer = createCsvTokenizer({
    name,
    delimiter: options.delimiter ?? ',',
    trim: options.trim ?? true,
    maxRecordChars: options.maxRecordChars ?? 16 * 1024 * 1024,
  });
  for await (const chunk of textChunks(source, name)) yield* tokenizer.push(chunk);
  yield* tokenizer.end();
}

function headerNames(record: RawRecord, name: string): string[] {
  const seen = new Map<string, number>();
  return record.fields.map((field, i) => {
    ensure(field !== '', `${name} line ${record.line} has an empty name for column ${i + 1}; give every column a name in the header row.`);
    const previous = seen.get(field);
    ensure(previous === undefined, `${name} line ${record.line} names two columns '${field}' (columns ${(previous ?? 0) + 1} and ${i + 1}); give each column a distinct name.`);
    seen.set(field, i);
    return field;
  });
}

/**
 * Opens a CSV source and reads its header (or first row when `header: false`). The returned rows
 * stream the rest. Errors: missing file, empty file, a row with the wrong number of fields.
 */
export async function openCsv(source: CsvSource, options: CsvReadOptions = {}): Promise<CsvFile> {
  const name = sourceName(source, options.name);
  const hasHeader = options.header ?? true;
  const missing = new Set(options.missing ?? DEFAULT_MISSING_TOKENS);
  const records = rawRecords(source, name, options);
  const first = await records.next();
  if (first.done) {
    throw new UserError(`${name} is empty; give a CSV file with ${hasHeader ? 'a header row and ' : ''}at least one data row.`);
  }
  const width = first.value.fields.length;
  const columns = hasHeader ? headerNames(first.value, name) : Array.from({ length: width }, (_, i) => `col${i + 1}`);
  const widthSource = hasHeader ? 'the header has' : 'the first row has';

  const toRecord = (raw: RawRecord): CsvRecord => {
    if (raw.fields.length !== width) {
      throw new UserError(`${name} line ${raw.line} has ${raw.fields.length} fields but ${widthSource} ${width}; fix the row or quote fields that contain commas.`);
    }
    const values: CsvValue[] = raw.fields;
    for (let i = 0; i < width; i++) {
      if (missing.has(raw.fields[i]!) && !(raw.quoted?.[i] ?? false)) values[i] = null;
    }
    return { line: raw.line, values };
  };

  async function* rows(): AsyncGenerator<CsvRecord> {
    let count = 0;
    try {
      if (!hasHeader) {
        count++;
        yield toRecord(first.value as RawRecord);
      }
      for await (const raw of records) {
        count++;
        yield toRecord(raw);
      }
    } finally {
      await records.return(undefined);
    }
    if (count === 0) throw new UserError(`${name} has a header row but no data rows; add data rows or check that you gave the right file.`);
  }

  return { name, columns, rows: rows() };
}

/** Convenience for small inputs and tests: reads everything into memory. */
export async function readCsvAll(source: CsvSource, options: CsvReadOptions = {}): Promise<{ columns: readonly string[]; rows: CsvValue[][] }> {
  const file = await openCsv(source, options);
  const rows: CsvValue[][] = [];
  for await (const record of file.rows) rows.push([...record.values]);
  return { columns: file.columns, rows };
}
