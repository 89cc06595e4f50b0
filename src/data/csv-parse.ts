/**
 * Incremental RFC-4180 CSV tokenizer: feed it text chunks of any size, get back complete records.
 * It keeps only the record being parsed, so memory is bounded by the longest record, not the file.
 */
import { UserError } from '../errors.js';

export interface RawRecord {
  /** 1-based physical line on which the record starts. */
  readonly line: number;
  readonly fields: string[];
  /** `quoted[i]` is true when field i was written in quotes; null when no field was quoted. */
  readonly quoted: boolean[] | null;
}

export interface CsvTokenizerOptions {
  /** Name used in error messages (usually the file name). */
  readonly name: string;
  readonly delimiter: string;
  /** Drop spaces and tabs around unquoted fields and around quotes. */
  readonly trim: boolean;
  /** Longest record allowed, in characters; guards memory against a never-closed quote. */
  readonly maxRecordChars: number;
}

export interface CsvTokenizer {
  /** Parses `chunk` and returns the records it completed. */
  push(chunk: string): RawRecord[];
  /** Ends the input and returns the last record, if any. */
  end(): RawRecord[];
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterQuoted,
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

export function createCsvTokenizer(options: CsvTokenizerOptions): CsvTokenizer {
  const { name, trim, maxRecordChars } = options;
  if (options.delimiter.length !== 1 || options.delimiter === '"' || options.delimiter === '\n' || options.delimiter === '\r') {
    throw new UserError(`the CSV delimiter ${JSON.stringify(options.delimiter)} is not allowed; use a single character other than a quote or a line break.`);
  }
  const delim = options.delimiter.charCodeAt(0);

  let state = State.FieldStart;
  let fields: string[] = [];
  let quoted: boolean[] | null = null;
  let field = '';
  let fieldQuoted = false;
  let line = 1; // current physical line
  let recordLine = 1;
  let recordChars = 0;
  let skipLF = false; // the previous chunk ended with CR; a leading LF belongs to it
  let started = false; // strip the BOM only at the very start of the input
  let out: RawRecord[] = [];

  const isBlank = (c: number): boolean => c === SPACE || c === TAB;

  function endField(): void {
    const value = fieldQuoted || !trim ? field : field.trimEnd();
    if (fieldQuoted) {
      if (quoted === null) quoted = new Array<boolean>(fields.length).fill(false);
      quoted.push(true);
    } else if (quoted !== null) {
      quoted.push(false);
    }
    fields.push(value);
    field = '';
    fieldQuoted = false;
  }

  function endRecord(): void {
    endField();
    // A blank line is skipped rather than read as a one-field record.
    const blank = fields.length === 1 && fields[0] === '' && quoted === null;
    if (!blank) out.push({ line: recordLine, fields, quoted });
    fields = [];
    quoted = null;
    recordChars = 0;
    state = State.FieldStart;
  }

  function fail(message: string): never {
    throw new UserError(message);
  }

  function push(chunk: string): RawRecord[] {
    out = [];
    let i = 0;
    const n = chunk.length;
    if (!started && n > 0) {
      started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (skipLF && i < n) {
      if (chunk.charCodeAt(i) === LF) i++;
      skipLF = false;
    }
    recordChars += n - i;
    if (recordChars > maxRecordChars) {
      fail(`${name} line ${recordLine} starts a record longer than ${maxRecordChars} characters; check for a quote that is never closed.`);
    }
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (state) {
        case State.FieldStart: {
          if (c === QUOTE) {
            state = State.Quoted;
            fieldQuoted = true;
            i++;
          } else if (c === delim) {
            endField();
            i++;
          } else if (c === LF || c === CR) {
            i = lineBreak(chunk, i);
            endRecord();
            recordLine = line;
          } else if (trim && isBlank(c)) {
            i++;
          } else {
            state = State.Unquoted;
          }
          break;
        }
        case State.Unquoted: {
          // Fast path: copy everything up to the next delimiter or line break in one slice.
          let j = i;
          while (j < n) {
            const d = chunk.charCodeAt(j);
            if (d === delim || d === LF || d === CR) break;
            j++;
          }
          field += chunk.slice(i, j);
          i = j;
          if (i < n) {
            const d = chunk.charCodeAt(i);
            if (d === delim) {
              endField();
              state = State.FieldStart;
              i++;
            } else {
              i = lineBreak(chunk, i);
              endRecord();
              recordLine = line;
            }
          }
          break;
        }
        case State.Quoted: {
          const j = chunk.indexOf('"', i);
          const stop = j === -1 ? n : j;
          const piece = chunk.slice(i, stop);
          field += piece;
          line += countLF(piece);
          if (j === -1) {
            i = n;
          } else {
            state = State.QuoteInQuoted;
            i = j + 1;
          }
          break;
        }
        case State.QuoteInQuoted: {
          if (c === QUOTE) {
            field += '"'; // "" inside quotes is an escaped quote
            state = State.Quoted;
            i++;
          } else if (c === delim) {
            endField();
            state = State.FieldStart;
            i++;
          } else if (c === LF || c === CR) {
            i = lineBreak(chunk, i);
            endRecord();
            recordLine = line;
          } else if (trim && isBlank(c)) {
            state = State.AfterQuoted;
            i++;
          } else {
            fail(`${name} line ${line} has text after a closing quote; put the whole field in quotes and write each quote inside it as "".`);
          }
          break;
        }
        case State.AfterQuoted: {
          if (c === delim) {
            endField();
            state = State.FieldStart;
            i++;
          } else if (c === LF || c === CR) {
            i = lineBreak(chunk, i);
            endRecord();
            recordLine = line;
          } else if (isBlank(c)) {
            i++;
          } else {
            fail(`${name} line ${line} has text after a closing quote; put the whole field in quotes and write each quote inside it as "".`);
          }
          break;
        }
      }
    }
    return out;
  }

  // Consumes one line break (CRLF, LF or a lone CR) at `i`, returns the index after it.
  function lineBreak(chunk: string, i: number): number {
    line++;
    if (chunk.charCodeAt(i) === CR) {
      if (i + 1 < chunk.length) return chunk.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      skipLF = true; // the LF, if any, arrives with the next chunk
    }
    return i + 1;
  }

  function end(): RawRecord[] {
    out = [];
    if (state === State.Quoted) {
      fail(`${name} line ${recordLine} opens a quote that is never closed; close the quote or write quotes inside a field as "".`);
    }
    if (state !== State.FieldStart || fields.length > 0 || field !== '') endRecord();
    return out;
  }

  return { push, end };
}

function countLF(text: string): number {
  let count = 0;
  let k = text.indexOf('\n');
  while (k !== -1) {
    count++;
    k = text.indexOf('\n', k + 1);
  }
  return count;
}
