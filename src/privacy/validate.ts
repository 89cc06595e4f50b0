/**
 * Parameter checks shared by the privacy module. Each throws a UserError whose message is one
 * sentence naming the bad value and what to pass instead.
 */
import { ensure } from '../errors.js';

const isNumber = (value: unknown): value is number => typeof value === 'number';

/** Sampling probability q ∈ [0, 1]. */
export function checkSamplingRate(q: unknown, name = 'Sampling rate q'): number {
  ensure(
    isNumber(q) && q >= 0 && q <= 1,
    `${name} must be in [0, 1], got ${String(q)}; pass a probability such as 0.01 (batch size / dataset size).`,
  );
  return q;
}

/** δ ∈ (0, 1). */
export function checkDelta(delta: unknown, name = 'δ (delta)'): number {
  ensure(
    isNumber(delta) && delta > 0 && delta < 1,
    `${name} must be in (0, 1), got ${String(delta)}; pass a small probability such as 1e-5 (below 1/dataset size).`,
  );
  return delta;
}

/** A finite number > 0 (noise multipliers, scales, sensitivities). */
export function checkPositive(value: unknown, name: string, example: string): number {
  ensure(
    isNumber(value) && Number.isFinite(value) && value > 0,
    `${name} must be a positive finite number, got ${String(value)}; pass a value such as ${example}.`,
  );
  return value;
}

/** A finite number ≥ 0 (ε, ρ). */
export function checkNonNegative(value: unknown, name: string, example: string): number {
  ensure(
    isNumber(value) && Number.isFinite(value) && value >= 0,
    `${name} must be a finite number ≥ 0, got ${String(value)}; pass a value such as ${example}.`,
  );
  return value;
}

/** A whole number ≥ 0 (steps, repetition counts). */
export function checkCount(value: unknown, name: string): number {
  ensure(
    isNumber(value) && Number.isInteger(value) && value >= 0,
    `${name} must be a whole number ≥ 0, got ${String(value)}; pass a count such as 1000.`,
  );
  return value;
}

/** A non-empty list of RDP orders, each > 1 (finite or +∞). */
export function checkOrders(orders: unknown): readonly number[] {
  ensure(
    Array.isArray(orders) && orders.length > 0,
    `RDP orders must be a non-empty array of numbers > 1, got ${String(orders)}; pass e.g. OPACUS_DEFAULT_ORDERS.`,
  );
  for (const order of orders as unknown[]) {
    ensure(
      isNumber(order) && order > 1,
      `Every RDP order must be a number > 1, got ${String(order)}; remove it or pass e.g. OPACUS_DEFAULT_ORDERS.`,
    );
  }
  return orders as readonly number[];
}
