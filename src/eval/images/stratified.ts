// A stratified random subsample: each class keeps its share of the rows (largest remainders round
// the quotas to exactly `size`), rows chosen uniformly within the class, returned in ascending order.
import type { Rng } from '../../engine/random/seeded-rng.js';

export function stratifiedSample(y: Int32Array, k: number, size: number, rng: Rng): Int32Array {
  const n = y.length;
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) byClass[y[i]!]!.push(i);
  const exact = byClass.map((rows) => (rows.length * size) / n);
  const quota = exact.map(Math.floor);
  let left = size - quota.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => [e - Math.floor(e), c] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, c] of order) {
    if (left === 0) break;
    if (quota[c]! < byClass[c]!.length) { quota[c]!++; left--; }
  }
  const out: number[] = [];
  byClass.forEach((rows, c) => {
    for (let i = 0; i < quota[c]!; i++) {
      const j = i + rng.int(rows.length - i);
      const t = rows[i]!; rows[i] = rows[j]!; rows[j] = t;
      out.push(rows[i]!);
    }
  });
  return Int32Array.from(out).sort();
}
