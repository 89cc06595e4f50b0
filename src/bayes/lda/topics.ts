// The words a person reads: each topic's most probable words under the posterior-mean topic λ_k/Σλ_k.
import { descendingOrder } from '../../engine/order.js';

export interface Topic {
  readonly words: readonly string[];
  /** Their probabilities β̂_kw. */
  readonly weights: readonly number[];
}

export function topWords(lambda: Float64Array, topics: number, words: readonly string[], count = 10): Topic[] {
  const V = words.length;
  const out: Topic[] = [];
  for (let k = 0; k < topics; k++) {
    const row = lambda.subarray(k * V, (k + 1) * V);
    let total = 0;
    for (let w = 0; w < V; w++) total += row[w]!;
    const order = descendingOrder(row).slice(0, count);
    out.push({ words: order.map((w) => words[w]!), weights: order.map((w) => row[w]! / total) });
  }
  return out;
}
