// Encodes the UCI Adult CSVs written by tools/adult-csv.py the way tstr.py does: categoricals
// one-hot over the union of train and test categories (a missing '?' becomes its own category, as
// tstr.py's astype(str) turns NaN into 'nan'), numerics as
// numbers (min-max scaled here; evaluateTstr then standardizes as tstr.py), target '>50K' = 1.
// Used by the manual cross-check and the speed bench only (not by the default test run).
import { readFileSync } from 'node:fs';

export interface EncodedPair {
  trainX: Float32Array; trainY: Int32Array; testX: Float32Array; testY: Int32Array; d: number; columns: string[];
}

export function encodeAdult(trainCsv: string, testCsv: string, target = 'income'): EncodedPair {
  const train = readCsv(trainCsv), test = readCsv(testCsv);
  const header = train.header;
  const t = header.indexOf(target);
  const features = header.map((_, j) => j).filter((j) => j !== t);
  const numeric = features.filter((j) => [...train.rows, ...test.rows].every((r) => r[j] === '?' || r[j] === '' || Number.isFinite(Number(r[j]))));
  const columns: string[] = [];
  const encoders: ((row: string[], out: Float32Array, o: number) => void)[] = [];
  for (const j of features) {
    if (numeric.includes(j)) {
      const values = train.rows.map((r) => Number(r[j]));
      const lo = values.reduce((a, b) => Math.min(a, b)), hi = values.reduce((a, b) => Math.max(a, b));
      const offset = columns.length;
      columns.push(header[j]!);
      encoders.push((row, out, o) => { out[o + offset] = (Number(row[j]) - lo) / (hi - lo || 1); });
    } else {
      const cats = [...new Set([...train.rows, ...test.rows].map((r) => r[j]!))].sort();
      const offset = columns.length;
      cats.forEach((c) => columns.push(`${header[j]}=${c}`));
      encoders.push((row, out, o) => { const c = cats.indexOf(row[j]!); if (c >= 0) out[o + offset + c] = 1; });
    }
  }
  const d = columns.length;
  const encode = (rows: string[][]): [Float32Array, Int32Array] => {
    const X = new Float32Array(rows.length * d);
    const y = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      for (const e of encoders) e(row, X, i * d);
      y[i] = row[t]!.replace(/\.$/, '') === '>50K' ? 1 : 0;
    });
    return [X, y];
  };
  const [trainX, trainY] = encode(train.rows);
  const [testX, testY] = encode(test.rows);
  return { trainX, trainY, testX, testY, d, columns };
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const split = (l: string): string[] => l.split(',').map((v) => v.trim());
  return { header: split(lines[0]!), rows: lines.slice(1).map(split) };
}
