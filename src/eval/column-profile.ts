// Distinct values and their counts per column of a row-major matrix: the one sort per column that
// both the tree binning and the sparse "baseline + deviation" view start from.

export interface ColumnProfile {
  /** Distinct values, ascending. */
  readonly values: Float64Array;
  /** How many rows hold each distinct value. */
  readonly counts: Int32Array;
  /** The most frequent value (the smallest one on ties). */
  readonly mode: number;
}

export function profileColumns(X: Float32Array, n: number, d: number): ColumnProfile[] {
  const col = new Float64Array(n);
  const out: ColumnProfile[] = [];
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) col[i] = X[i * d + f]!;
    col.sort();
    out.push(runs(col));
  }
  return out;
}

function runs(sorted: Float64Array): ColumnProfile {
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    const v = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === v) j++;
    values.push(v);
    counts.push(j - i);
    i = j;
  }
  let best = 0;
  for (let j = 1; j < counts.length; j++) if (counts[j]! > counts[best]!) best = j;
  return { values: Float64Array.from(values), counts: Int32Array.from(counts), mode: values.length ? values[best]! : 0 };
}
