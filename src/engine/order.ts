// Index orders of number arrays, shared by every ranking in privkit (pruned units, feature
// importances, topic words): descending, ties broken by the lower index so results are repeatable.

/** Indices start … start+length−1 of `values`, relative to start, by decreasing value (ties: lower index first). */
export function descendingOrder(values: ArrayLike<number>, start = 0, length = values.length - start): number[] {
  return Array.from({ length }, (_, i) => i).sort((a, b) => values[start + b]! - values[start + a]! || a - b);
}
