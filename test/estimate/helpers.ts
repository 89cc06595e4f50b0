/** Shared helpers for the estimator tests: fixtures, UserError assertions, a generated dataset. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/errors.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';

// Compiled to dist/test/estimate/, three levels below the repository root.
const FIXTURES = new URL('../../../test/fixtures/estimate/', import.meta.url);

export function fixture(name: string): string {
  return fileURLToPath(new URL(name, FIXTURES));
}

/** Asserts that `action` rejects with a UserError matching `pattern`. */
export async function rejectsUser(action: () => Promise<unknown>, pattern: RegExp): Promise<UserError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  return caught;
}

/**
 * A 20,000-row CSV with known distributions (data randomness from the seeded RNG; this is test data,
 * not privacy noise):
 *  - age: integer, round(N(40, 12²)) clipped to [18, 90]
 *  - income: numeric with 2 decimals, exp(N(10, 0.5²)) / 1000 (thousands)
 *  - score: numeric with 1 decimal, N(0, 2²) (negative values)
 *  - color: red 50%, green 30%, blue 20%, and one row 'unicorn'
 *  - city: 5 cities with weights 5:4:3:2:1, 5% missing ('?')
 *  - label: yes 60%, no 40%
 */
export function generatedDataset(rows = 20_000, seed = 7): { text: string; columns: Record<string, (string | null)[]> } {
  const rng = createRng(seed);
  const cities = ['Athens', 'Berlin', 'Cairo', 'Dakar', 'Essen'];
  const cityWeights = [5, 4, 3, 2, 1];
  const pick = (weights: number[]): number => {
    let u = rng.uniform() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };
  const columns: Record<string, (string | null)[]> = { age: [], income: [], score: [], color: [], city: [], label: [] };
  const lines = ['age,income,score,color,city,label'];
  for (let r = 0; r < rows; r++) {
    const age = String(Math.min(90, Math.max(18, Math.round(40 + 12 * rng.normal()))));
    const income = (Math.exp(10 + 0.5 * rng.normal()) / 1000).toFixed(2);
    const score = (2 * rng.normal()).toFixed(1);
    const color = r === 1234 ? 'unicorn' : ['red', 'green', 'blue'][pick([5, 3, 2])]!;
    const city = rng.uniform() < 0.05 ? null : cities[pick(cityWeights)]!;
    const label = rng.uniform() < 0.6 ? 'yes' : 'no';
    const row = [age, income, score, color, city, label];
    row.forEach((v, i) => columns[Object.keys(columns)[i]!]!.push(v));
    lines.push(row.map((v) => v ?? '?').join(','));
  }
  return { text: lines.join('\n') + '\n', columns };
}

/** Rank-based empirical quantile check: the fraction of numbers ≤ x. */
export function fractionAtMost(values: readonly (string | null)[], x: number): number {
  const numbers = values.filter((v): v is string => v !== null).map(Number);
  return numbers.filter((v) => v <= x).length / numbers.length;
}

export function fractionBelow(values: readonly (string | null)[], x: number): number {
  const numbers = values.filter((v): v is string => v !== null).map(Number);
  return numbers.filter((v) => v < x).length / numbers.length;
}
