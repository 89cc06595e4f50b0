/**
 * CSV writer: streams rows to a temp file beside the target and renames it on success, so a
 * failed or interrupted write leaves no partial file. Output ending in `.gz` is gzipped.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ensure } from '../errors.js';
import { replaceFileAtomic } from './atomic-write.js';
import { DEFAULT_MISSING_TOKENS } from './csv-reader.js';

/** One cell: null, undefined and NaN are written as the missing token. */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvWriteOptions {
  /** Written for missing values (default empty). */
  readonly missing?: string;
  readonly delimiter?: string;
  /** Write the column names as the first row (default true). */
  readonly header?: boolean;
  readonly lineEnding?: '\n' | '\r\n';
  /** Gzip the output (default: when the path ends with `.gz`). */
  readonly gzip?: boolean;
  /**
   * Strings that a reader would take as missing; a real value equal to one of them is quoted so
   * that it reads back as a value (default: the reader's defaults).
   */
  readonly missingTokens?: readonly string[];
}

/** Quotes `text` when needed: delimiter, quote, line break, edge spaces, or a missing-token lookalike. */
export function quoteCsvField(text: string, delimiter = ',', missingTokens: ReadonlySet<string> = new Set(DEFAULT_MISSING_TOKENS)): string {
  const needsQuotes =
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r') ||
    text !== text.trim() ||
    missingTokens.has(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Formats one row as a CSV line (without the line ending). */
export function formatCsvRow(cells: readonly CsvCell[], options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const missing = options.missing ?? '';
  const tokens = new Set(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
  return cells.map((cell) => formatCell(cell, delimiter, missing, tokens)).join(delimiter);
}

function formatCell(cell: CsvCell, delimiter: string, missing: string, tokens: ReadonlySet<string>): string {
  if (cell === null || cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) return missing;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return quoteCsvField(cell, delimiter, tokens);
}

/**
 * Writes `columns` and `rows` to `path` atomically. Returns the number of data rows written.
 * A row whose length differs from `columns` is a programming error (plain Error).
 */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  rows: Iterable<readonly CsvCell[]> | AsyncIterable<readonly CsvCell[]>,
  options: CsvWriteOptions = {},
): Promise<number> {
  const delimiter = options.delimiter ?? ',';
  const missing = options.missing ?? '';
  const eol = options.lineEnding ?? '\n';
  const tokens = new Set(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
  const gzip = options.gzip ?? path.endsWith('.gz');
  ensure(delimiter.length === 1 && delimiter !== '"', `the CSV delimiter ${JSON.stringify(delimiter)} is not allowed; use a single character other than a quote.`);
  ensure(!missing.includes(delimiter) && !missing.includes('"') && !/[\r\n]/.test(missing), `the missing-value token ${JSON.stringify(missing)} contains a delimiter, quote or line break; choose a plain token such as "" or "NA".`);
  let count = 0;

  await replaceFileAtomic(path, async (temp) => {
    const file = createWriteStream(temp, { flags: 'wx' });
    const gz = gzip ? createGzip() : null;
    const sink: Writable = gz ?? file;
    const done = gz ? pipeline(gz, file) : null;
    done?.catch(() => undefined); // awaited below; this only stops an early failure being "unhandled"
    const write = async (text: string): Promise<void> => {
      // Respect backpressure so memory stays bounded however many rows come in.
      if (!sink.write(text)) await once(sink, 'drain');
    };
    try {
      if (options.header ?? true) await write(columns.map((c) => quoteCsvField(c, delimiter, tokens)).join(delimiter) + eol);
      let buffer = '';
      for await (const row of rows) {
        if (row.length !== columns.length) throw new Error(`writeCsv: row ${count + 1} has ${row.length} cells but there are ${columns.length} columns`);
        buffer += row.map((cell) => formatCell(cell, delimiter, missing, tokens)).join(delimiter) + eol;
        count++;
        if (buffer.length >= 64 * 1024) {
          await write(buffer);
          buffer = '';
        }
      }
      if (buffer.length > 0) await write(buffer);
      const closed = once(file, 'close');
      closed.catch(() => undefined);
      sink.end();
      if (done) await done;
      await closed;
    } catch (error) {
      sink.destroy();
      file.destroy();
      // Wait for the file to close: its open may still be pending, and must not re-create the
      // temp file after it has been removed.
      if (!file.closed) await once(file, 'close').catch(() => undefined);
      throw error;
    }
  });
  return count;
}
