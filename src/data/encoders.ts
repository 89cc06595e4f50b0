/**
 * Encoders: a row of a table ↔ a Float32Array feature vector, given a schema with complete domains.
 *
 * Layout: one block per schema column, in schema order.
 *  - categorical: one-hot over `categories` (never integer codes), plus a final "missing" slot when
 *    the column may be missing. Every encoded block is a unit vector, so its L2 norm is exactly 1.
 *  - numeric / integer: the value clipped into `bounds` and scaled to [0, 1]; plus a missing-indicator
 *    slot when the column may be missing (a missing value encodes as [0, 1]). Norm ≤ 1.
 * Hence ‖row‖₂ ≤ √(Σ_blocks maxNorm²) = `maxRowNorm`, which is √(#columns) except that a numeric
 * column with lo = hi and no missing slot always encodes as 0 and contributes nothing.
 *
 * Decoding is exact for values on the schema's grid (integers; numerics rounded to format.decimals)
 * when (hi − lo)·10^decimals ≤ 2^24, the float32 resolution of the scaled value (`block.exact`).
 */
import { UserError } from '../errors.js';
import { roundToDecimals } from './numbers.js';
import { categoricalConverter, checkTableAgainstSchema, numericConverter, type CellInput, type Where } from './schema-check.js';
import { domainStatus, type ColumnSchema, type ColumnType, type Schema } from './schema.js';
import type { Table, TableColumn } from './table.js';

export interface ColumnBlock {
  readonly name: string;
  readonly type: ColumnType;
  /** First index of the block in the feature vector. */
  readonly offset: number;
  readonly width: number;
  /** Index inside the block of the missing slot, or -1 when the column may not be missing. */
  readonly missingSlot: number;
  /** Largest L2 norm an encoded block can have (1, or 0 for a constant numeric column). */
  readonly maxNorm: number;
  /** Numeric/integer blocks: decode(encode(x)) = x for every x on the grid (see module comment). */
  readonly exact: boolean;
}

export type DecodedValue = string | number | null;

export interface DecodeOptions {
  /**
   * Uniform [0, 1) random numbers. When given, a categorical block is decoded by sampling a slot in
   * proportion to its (negatives clipped to 0) values, and a missing indicator is taken as the
   * probability of missing. Without it, the largest slot wins (and a missing indicator above 0.5).
   */
  readonly sample?: () => number;
}

export interface Encoder {
  readonly schema: Schema;
  readonly blocks: readonly ColumnBlock[];
  /** Length of one encoded row. */
  readonly width: number;
  /** Bound on the L2 norm of any encoded row (for sensitivity). */
  readonly maxRowNorm: number;
  /** Encodes one row whose cells are in schema order; writes into `out` at `offset` if given. */
  encodeRow(values: readonly CellInput[], out?: Float32Array, offset?: number): Float32Array;
  /** Encodes every row of `table` into a row-major rowCount × width matrix. */
  encodeTable(table: Table): Float32Array;
  /** Decodes the row starting at `offset` of `vector` into values in schema order. */
  decodeRow(vector: ArrayLike<number>, offset?: number, options?: DecodeOptions): DecodedValue[];
  /** Decodes a row-major matrix (rowCount defaults to matrix.length / width) into a table. */
  decodeTable(matrix: ArrayLike<number>, rowCount?: number, options?: DecodeOptions): Table;
}

export interface EncoderOptions {
  /**
   * Allow columns whose domain is neither public nor privately estimated (e.g. an inferred schema).
   * Such an encoding reveals the data's domain, so use it only for non-private work such as tests or
   * evaluation on data that is not released. Default false.
   */
  readonly allowUnreleasedDomains?: boolean;
}

/** Per-column encode/decode of table-level numbers (NaN or code -1 = missing). */
interface BlockCodec {
  readonly block: ColumnBlock;
  readonly column: ColumnSchema;
  /** Writes a table-level value (number, or category code into the schema's list) at out[o]. */
  put(value: number, out: Float32Array, o: number): void;
  /** Reads a table-level value back (NaN or -1 for missing). */
  get(vector: ArrayLike<number>, o: number, sample: (() => number) | undefined): number;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

function numericCodec(column: ColumnSchema & { type: 'numeric' | 'integer' }, offset: number): BlockCodec {
  const [lo, hi] = column.bounds!;
  const span = hi - lo;
  const hasMissing = column.missing;
  const decimals = column.type === 'integer' ? 0 : column.format?.decimals;
  const block: ColumnBlock = {
    name: column.name,
    type: column.type,
    offset,
    width: hasMissing ? 2 : 1,
    missingSlot: hasMissing ? 1 : -1,
    maxNorm: span > 0 || hasMissing ? 1 : 0,
    exact: decimals !== undefined && span * 10 ** decimals <= 2 ** 24,
  };
  return {
    block,
    column,
    put(value, out, o) {
      if (Number.isNaN(value)) {
        out[o] = 0;
        if (hasMissing) out[o + 1] = 1;
        return;
      }
      out[o] = span > 0 ? clamp01((value - lo) / span) : 0;
      if (hasMissing) out[o + 1] = 0;
    },
    get(vector, o, sample) {
      if (hasMissing) {
        const indicator = vector[o + 1]!;
        const isMissing = sample ? sample() < clamp01(indicator) : indicator > 0.5;
        if (isMissing) return NaN;
      }
      let x = lo + clamp01(vector[o]!) * span;
      if (decimals !== undefined) x = roundToDecimals(x, decimals);
      return x < lo ? lo : x > hi ? hi : x;
    },
  };
}

function categoricalCodec(column: ColumnSchema & { type: 'categorical' }, offset: number): BlockCodec {
  const k = column.categories!.length;
  const hasMissing = column.missing;
  const width = hasMissing ? k + 1 : k;
  const block: ColumnBlock = { name: column.name, type: 'categorical', offset, width, missingSlot: hasMissing ? k : -1, maxNorm: 1, exact: true };
  return {
    block,
    column,
    put(code, out, o) {
      out.fill(0, o, o + width);
      out[o + (code < 0 ? k : code)] = 1; // code < 0 only when the column may be missing
    },
    get(vector, o, sample) {
      let slot = 0;
      if (sample) {
        let total = 0;
        for (let i = 0; i < width; i++) total += Math.max(0, vector[o + i]!);
        if (total > 0) {
          let u = sample() * total;
          slot = width - 1;
          for (let i = 0; i < width; i++) {
            u -= Math.max(0, vector[o + i]!);
            if (u < 0) {
              slot = i;
              break;
            }
          }
        } else {
          slot = Math.min(width - 1, Math.floor(sample() * width)); // no signal: uniform
        }
      } else {
        for (let i = 1; i < width; i++) if (vector[o + i]! > vector[o + slot]!) slot = i;
      }
      return slot === k ? -1 : slot;
    },
  };
}

function checkDomain(column: ColumnSchema, allowUnreleased: boolean): void {
  const hasDomain = column.type === 'categorical' ? column.categories !== undefined : column.bounds !== undefined;
  if (!hasDomain) {
    const what = column.type === 'categorical' ? 'categories' : 'bounds';
    throw new UserError(`column '${column.name}' has no ${what}, so it cannot be encoded; declare public ${what} in the schema or estimate them privately first.`);
  }
  if (!allowUnreleased && domainStatus(column) === 'needs-estimate') {
    throw new UserError(
      `column '${column.name}' has a domain that is neither public nor privately estimated, and encoding with it would reveal the data; mark it "public": true after checking its domain is public knowledge, or estimate it privately first.`,
    );
  }
}

export function createEncoder(schema: Schema, options: EncoderOptions = {}): Encoder {
  const codecs: BlockCodec[] = [];
  let offset = 0;
  for (const column of schema.columns) {
    checkDomain(column, options.allowUnreleasedDomains ?? false);
    const codec = column.type === 'categorical' ? categoricalCodec(column, offset) : numericCodec(column, offset);
    codecs.push(codec);
    offset += codec.block.width;
  }
  const width = offset;
  const blocks = codecs.map((c) => c.block);
  const maxRowNorm = Math.sqrt(blocks.reduce((s, b) => s + b.maxNorm * b.maxNorm, 0));
  // Cell converters enforce the same rules as reading a table (missing, integer, bounds, categories).
  const converters = schema.columns.map((column) =>
    column.type === 'categorical' ? categoricalConverter(column).convert : numericConverter(column),
  );

  function encodeRow(values: readonly CellInput[], out = new Float32Array(width), at = 0): Float32Array {
    if (values.length !== codecs.length) {
      throw new UserError(`a row to encode has ${values.length} values but the schema has ${codecs.length} columns; give one value per schema column, in schema order.`);
    }
    const where: Where = () => 'the row to encode';
    for (let j = 0; j < codecs.length; j++) {
      const codec = codecs[j]!;
      codec.put(converters[j]!(values[j], where), out, at + codec.block.offset);
    }
    return out;
  }

  /** Maps the table's category codes onto schema slots (the table may list categories differently). */
  function slotMap(column: TableColumn, schemaColumn: ColumnSchema): Int32Array | null {
    if (column.type !== 'categorical' || schemaColumn.type !== 'categorical') return null;
    const index = new Map(schemaColumn.categories!.map((c, i) => [c, i]));
    return Int32Array.from(column.categories, (c) => index.get(c) ?? -1);
  }

  function encodeTable(table: Table): Float32Array {
    checkTableAgainstSchema(table, schema);
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    const out = new Float32Array(table.rowCount * width);
    codecs.forEach((codec) => {
      const column = byName.get(codec.column.name)!;
      const map = slotMap(column, codec.column);
      for (let r = 0; r < table.rowCount; r++) {
        const o = r * width + codec.block.offset;
        if (column.type === 'categorical') {
          const code = column.codes[r]!;
          codec.put(code < 0 ? -1 : map![code]!, out, o); // unknown category under clip → missing
        } else {
          codec.put(column.values[r]!, out, o);
        }
      }
    });
    return out;
  }

  function decodeValue(codec: BlockCodec, vector: ArrayLike<number>, o: number, sample?: () => number): DecodedValue {
    const value = codec.get(vector, o, sample);
    if (codec.column.type === 'categorical') return value < 0 ? null : codec.column.categories![value]!;
    return Number.isNaN(value) ? null : value;
  }

  function decodeRow(vector: ArrayLike<number>, at = 0, decode: DecodeOptions = {}): DecodedValue[] {
    if (vector.length < at + width) throw new Error(`decodeRow: need ${width} values from offset ${at}, got ${vector.length - at}`);
    return codecs.map((codec) => decodeValue(codec, vector, at + codec.block.offset, decode.sample));
  }

  function decodeTable(matrix: ArrayLike<number>, rowCount = Math.floor(matrix.length / Math.max(1, width)), decode: DecodeOptions = {}): Table {
    if (matrix.length < rowCount * width) throw new Error(`decodeTable: ${rowCount} rows need ${rowCount * width} values, got ${matrix.length}`);
    const columns = codecs.map((codec): TableColumn => {
      const column = codec.column;
      const data = column.type === 'categorical' ? new Int32Array(rowCount) : new Float64Array(rowCount);
      for (let r = 0; r < rowCount; r++) data[r] = codec.get(matrix, r * width + codec.block.offset, decode.sample);
      return column.type === 'categorical'
        ? { name: column.name, type: 'categorical', codes: data as Int32Array, categories: column.categories! }
        : { name: column.name, type: column.type, values: data as Float64Array };
    });
    return { rowCount, columns, schema };
  }

  return { schema, blocks, width, maxRowNorm, encodeRow, encodeTable, decodeRow, decodeTable };
}
