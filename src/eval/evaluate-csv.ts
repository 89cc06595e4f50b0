// `privkit eval` as a library call: CSV files in, TSTR utility and fidelity figures out.
// Evaluation reads real data without privacy: it is for the data custodian, and its figures are
// not part of any private release.
import { UserError } from '../errors.js';
import {
  createEncoder, inferColumnTypes, readTable, SCHEMA_VERSION, type ColumnSchema, type ColumnStats, type Schema, type Table,
} from '../data/index.js';
import { compareTables, type FidelityColumn, type FidelityReport } from './fidelity.js';
import { evaluateTstr, type ClassifierResult, type TstrResult } from './tstr.js';

export interface CsvEvalOptions {
  /** Real test data. */
  real: string;
  synthetic: string;
  target: string;
  /** Real training data, for the real-data baseline in the same table. */
  train?: string;
  seed?: number;
  onResult?: (source: 'synthetic' | 'real', result: ClassifierResult) => void;
}

export interface CsvEvalReport {
  target: string;
  classes: string[];
  rows: { real: number; synthetic: number; train?: number };
  synthetic: TstrResult;
  realBaseline?: TstrResult;
  /** Synthetic vs the real training data when given, else vs the real test data. */
  fidelity: FidelityReport;
  note: string;
}

/** One schema covering every file: union of categories, widest bounds (evaluation only). */
function mergedSchema(stats: ColumnStats[][], files: string[]): Schema {
  const names = stats[0]!.map((s) => s.name);
  stats.forEach((file, i) => {
    const cols = file.map((s) => s.name);
    const missingCol = names.find((n) => !cols.includes(n));
    if (missingCol !== undefined) throw new UserError(`${files[i]} has no column '${missingCol}'; the real and synthetic files must have the same columns.`);
  });
  const columns: ColumnSchema[] = names.map((name) => {
    const all = stats.map((file) => file.find((s) => s.name === name)!);
    const categorical = all.some((s) => s.type === 'categorical');
    if (categorical) {
      const categories = [...new Set(all.flatMap((s) => (s.type === 'categorical' ? s.categories : [])))].sort();
      return { name, type: 'categorical', categories, missing: true, public: false, clip: true };
    }
    const lo = Math.min(...all.map((s) => s.min).filter(Number.isFinite)), hi = Math.max(...all.map((s) => s.max).filter(Number.isFinite));
    const integer = all.every((s) => s.type === 'integer');
    return { name, type: integer ? 'integer' : 'numeric', bounds: [Number.isFinite(lo) ? lo : 0, Number.isFinite(hi) ? hi : 1], missing: true, public: false, clip: true };
  });
  return { privkit: SCHEMA_VERSION, source: 'inferred-from-data', columns };
}

/** Table columns as the fidelity module reads them. */
function fidelityColumns(table: Table, skip: string): FidelityColumn[] {
  return table.columns.filter((c) => c.name !== skip).map((c) => (c.type === 'categorical'
    ? { name: c.name, kind: 'categorical', values: c.codes, categories: c.categories }
    : { name: c.name, kind: 'numeric', values: c.values }));
}

/** Features and labels of a table; rows whose label is missing are dropped. */
function matrix(table: Table, schema: Schema, target: string): { X: Float32Array; y: Int32Array; n: number; d: number } {
  const label = table.columns.find((c) => c.name === target);
  if (!label || label.type !== 'categorical') throw new UserError(`The target column '${target}' must be categorical.`);
  const keep = [...label.codes.keys()].filter((i) => label.codes[i]! >= 0);
  const features: Schema = { ...schema, columns: schema.columns.filter((c) => c.name !== target) };
  const encoder = createEncoder(features, { allowUnreleasedDomains: true });
  const featureTable: Table = { rowCount: table.rowCount, schema: features, columns: table.columns.filter((c) => c.name !== target) };
  const all = encoder.encodeTable(featureTable), d = encoder.width;
  const X = new Float32Array(keep.length * d);
  keep.forEach((row, i) => X.set(all.subarray(row * d, (row + 1) * d), i * d));
  return { X, y: Int32Array.from(keep, (i) => label.codes[i]!), n: keep.length, d };
}

export async function evaluateCsv(o: CsvEvalOptions): Promise<CsvEvalReport> {
  const files = [o.real, o.synthetic, ...(o.train ? [o.train] : [])];
  const stats = await Promise.all(files.map((f) => inferColumnTypes(f)));
  if (!stats[0]!.some((s) => s.name === o.target)) {
    throw new UserError(`${o.real} has no target column '${o.target}'; pass one of: ${stats[0]!.map((s) => s.name).join(', ')}.`);
  }
  const schema = mergedSchema(stats, files);
  const target = schema.columns.find((c) => c.name === o.target)!;
  if (target.type !== 'categorical' || (target.categories?.length ?? 0) < 2) {
    throw new UserError(`The target column '${o.target}' must be categorical with at least 2 classes in the data.`);
  }
  const [real, synthetic, train] = await Promise.all(files.map((f) => readTable(f, { schema })));
  const k = target.categories!.length;
  const test = matrix(real!, schema, o.target), syn = matrix(synthetic!, schema, o.target);
  const run = (source: 'synthetic' | 'real', from: ReturnType<typeof matrix>) => evaluateTstr({
    trainX: from.X, trainY: from.y, testX: test.X, testY: test.y, d: test.d, k, seed: o.seed ?? 0,
    onResult: (r) => o.onResult?.(source, r),
  });
  const report: CsvEvalReport = {
    target: o.target,
    classes: [...target.categories!],
    rows: { real: test.n, synthetic: syn.n, ...(train ? { train: train.rowCount } : {}) },
    synthetic: run('synthetic', syn),
    fidelity: compareTables(fidelityColumns(train ?? real!, o.target), fidelityColumns(synthetic!, o.target)),
    note: 'Evaluation reads the real data without privacy; its figures are for the data custodian and are not a private release.',
  };
  if (train) report.realBaseline = run('real', matrix(train, schema, o.target));
  return report;
}
