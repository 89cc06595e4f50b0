/** Loads JSON fixtures from test/fixtures/privacy (tests run from dist/test/privacy). */
import { readFileSync } from 'node:fs';
import {
  DP_ACCOUNTING_DEFAULT_ORDERS,
  INTEGER_ORDERS_2_256,
  INTEGER_ORDERS_2_32,
  OPACUS_DEFAULT_ORDERS,
  TFP_COMPUTE_DP_SGD_ORDERS,
} from '../../src/privacy/index.js';

const FIXTURE_DIR = new URL('../../../test/fixtures/privacy/', import.meta.url);

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURE_DIR), 'utf8')) as T;
}

/** Order grids named in accounting-vectors.json. */
export function namedOrders(name: string): readonly number[] {
  switch (name) {
    case 'opacus':
      return OPACUS_DEFAULT_ORDERS;
    case 'dpAccounting':
      return DP_ACCOUNTING_DEFAULT_ORDERS;
    case 'tfp':
      return TFP_COMPUTE_DP_SGD_ORDERS;
    case 'int2to32':
      return INTEGER_ORDERS_2_32;
    case 'int2to256':
      return INTEGER_ORDERS_2_256;
    case 'vipsCap4':
      return Object.freeze([2, 3, 4, 5]);
    default:
      throw new Error(`unknown order grid ${name}`);
  }
}

/** JSON cannot hold ∞; fixtures spell it "Infinity". */
export const num = (value: number | string): number => (value === 'Infinity' ? Infinity : Number(value));

export const relErr = (actual: number, expected: number): number =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);

/** Asserts |actual − expected| ≤ abs + rel·|expected|, with a message naming the case. */
export function assertClose(
  actual: number,
  expected: number,
  tol: { abs?: number; rel?: number },
  label: string,
): void {
  const bound = (tol.abs ?? 0) + (tol.rel ?? 0) * Math.abs(expected);
  const diff = Math.abs(actual - expected);
  if (!(diff <= bound) && !(actual === expected)) {
    throw new Error(`${label}: got ${actual}, expected ${expected} (|diff| ${diff.toExponential(3)} > ${bound.toExponential(3)})`);
  }
}
