/**
 * How the pre-processing budget (ε, δ) is divided between its three releases.
 *
 * δ: a share (default 1/4) is reserved for the categories threshold (categories.ts), split evenly
 * over the columns that could become categorical; the rest is for the RDP → (ε, δ) conversion.
 *
 * ε: every release is a Gaussian or an exponential mechanism, each ρ-zCDP (Gaussian with noise
 * multiplier σ: ρ = 1/(2σ²); exponential mechanism with ε₀: ρ = ε₀²/8), so their RDP is at most
 * α·ρ at every order and composition adds the ρ's. We find the largest total ρ whose RDP α·ρ
 * converts to at most ε at the conversion δ, then split ρ — not ε — between the parts:
 *   types and row count 20%, numeric bounds 40%, categories 40% (DEFAULT_SPLIT);
 * the row count alone (when every type is declared) takes a quarter of the types share. A part
 * that turns out to have nothing to release (no numeric column, say) leaves its share to the
 * others. Splitting ρ is what makes the composed total land on ε: shares of ε would not add up
 * under RDP composition.
 *
 * The conversion uses a wide order grid (PREPROCESSING_ORDERS, up to α = 65536): a small ε at a small
 * δ (0.1 at 1e-6) needs orders far above the default grid's 63 — there, even ρ → 0 cannot certify
 * ε < 0.14.
 */
import { calibrateEventNoise, DP_ACCOUNTING_DEFAULT_ORDERS, gaussian, type Conversion } from '../privacy/index.js';

export interface BudgetSplit {
  readonly types: number;
  readonly bounds: number;
  readonly categories: number;
}

export const DEFAULT_SPLIT: BudgetSplit = Object.freeze({ types: 0.2, bounds: 0.4, categories: 0.4 });

/** Share of the types weight used when only the row count is released. */
export const ROW_COUNT_ONLY_FACTOR = 0.25;

/** Share of the pre-processing δ reserved for the categories threshold. */
export const DEFAULT_THRESHOLD_DELTA_SHARE = 0.25;

function wideOrders(): readonly number[] {
  const orders = new Set<number>(DP_ACCOUNTING_DEFAULT_ORDERS);
  for (let k = 0; k <= 40; k++) orders.add(Math.round(64 * 2 ** (k / 4)));
  return Object.freeze([...orders].sort((a, b) => a - b));
}

/** RDP orders for pre-processing accounting: dp_accounting's grid, filled in geometrically to 65536. */
export const PREPROCESSING_ORDERS: readonly number[] = wideOrders();

/**
 * The largest total ρ (to 1e-6 relative) such that α·ρ at every order of `orders` converts to at
 * most `epsilon` at `delta`. A Gaussian of multiplier σ has RDP α/(2σ²), so this is the generic
 * noise calibration with ρ = 1/(2σ²).
 */
export function totalRho(epsilon: number, delta: number, conversion: Conversion, orders: readonly number[] = PREPROCESSING_ORDERS): number {
  const { noiseMultiplier } = calibrateEventNoise({ targetEpsilon: epsilon, delta, orders, conversion, eventForNoise: gaussian });
  return 1 / (2 * noiseMultiplier * noiseMultiplier);
}

/** Noise multiplier σ of a Gaussian costing ρ. */
export const sigmaForRho = (rho: number): number => 1 / Math.sqrt(2 * rho);

/** ε₀ of an exponential mechanism costing ρ (ε₀²/8 = ρ). */
export const epsilonForRho = (rho: number): number => Math.sqrt(8 * rho);
