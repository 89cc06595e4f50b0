// Loads the eval fixtures (made by test/fixtures/eval/make_reference.py with scikit-learn).
import { readFileSync } from 'node:fs';

const DIR = new URL('../../../test/fixtures/eval/', import.meta.url);

export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as T;
}

export interface Split {
  trainX: Float32Array; trainY: Int32Array; testX: Float32Array; testY: Int32Array; d: number;
}

/** A numeric CSV with a header and the label last; the first `trainRows` rows are the training set. */
export function readSplit(name: string, trainRows: number): Split {
  const lines = readFileSync(new URL(name, DIR), 'utf8').trim().split('\n');
  const d = lines[0]!.split(',').length - 1;
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const part = (from: number, to: number): [Float32Array, Int32Array] => {
    const slice = rows.slice(from, to);
    const X = new Float32Array(slice.length * d);
    const y = new Int32Array(slice.length);
    slice.forEach((r, i) => { for (let j = 0; j < d; j++) X[i * d + j] = r[j]!; y[i] = r[d]!; });
    return [X, y];
  };
  const [trainX, trainY] = part(0, trainRows);
  const [testX, testY] = part(trainRows, rows.length);
  return { trainX, trainY, testX, testY, d };
}

export interface ClassifierReference {
  roc: number; roc_hard?: number; prc?: number; acc: number; f1_weighted?: number; f1_macro?: number; roc_seeds: number[];
}

export interface FixtureReference {
  train_rows: number;
  k: number;
  results: Record<string, ClassifierReference>;
}
