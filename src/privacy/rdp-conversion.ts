/**
 * RDP → (ε, δ) conversions, minimised over a grid of orders (accounting.md §3).
 *  - improved (Balle et al. 2020, Thm 21; Canonne–Kamath–Steinke 2020, Prop. 12), the default:
 *      ε(α) = RDP(α) + ln((α − 1)/α) − (ln δ + ln α)/(α − 1)
 *    applied on every order as Opacus does (no clamps); NaN orders are ignored.
 *  - classic (Mironov 2017, Prop. 3): ε(α) = RDP(α) + ln(1/δ)/(α − 1).
 *  - δ for a given ε: the min of the KL bound ½·ln(1 − e^{−RDP}) and the improved bound
 *      (α − 1)(RDP − ε + ln(1 − 1/α)) − ln α  (the latter for α > 1.01, where it is stable).
 */
import { ensure } from '../errors.js';
import { checkDelta, checkNonNegative } from './validate.js';

export type Conversion = 'improved' | 'classic';

export interface EpsilonResult {
  readonly epsilon: number;
  /** The order at which the minimum is attained (NaN if no order gives a finite ε). */
  readonly order: number;
  /** Set when the optimum is the first or last order: a wider grid could give a smaller ε. */
  readonly warning?: string;
}

export interface DeltaResult {
  readonly delta: number;
  readonly order: number;
}

function checkLengths(orders: readonly number[], rdp: readonly number[]): void {
  ensure(
    orders.length === rdp.length && orders.length > 0,
    `RDP values (${rdp.length}) and orders (${orders.length}) must be non-empty lists of the same length; compute the RDP on the same grid you pass as orders.`,
  );
}

function epsilonAtOrder(alpha: number, rdp: number, logDelta: number, conversion: Conversion): number {
  // At α = ∞ the RDP is a pure-DP bound: (RDP(∞), 0)-DP.
  if (alpha === Infinity) return rdp;
  if (conversion === 'classic') return rdp - logDelta / (alpha - 1);
  return rdp - (logDelta + Math.log(alpha)) / (alpha - 1) + Math.log((alpha - 1) / alpha);
}

/** ε for the given δ, minimised over the orders. */
export function epsilonFromRdp(
  orders: readonly number[],
  rdp: readonly number[],
  delta: number,
  conversion: Conversion = 'improved',
): EpsilonResult {
  checkLengths(orders, rdp);
  checkDelta(delta);
  ensure(
    conversion === 'improved' || conversion === 'classic',
    `Conversion must be 'improved' or 'classic', got ${String(conversion)}; pass 'improved' unless you reproduce a pre-2021 paper.`,
  );
  // A mechanism with zero divergence at every order reveals nothing: ε = 0 exactly (the formulas
  // would otherwise report their slack term).
  if (rdp.every((value) => value === 0)) return { epsilon: 0, order: orders[0]! };

  const logDelta = Math.log(delta);
  let best = NaN;
  let bestIndex = -1;
  for (let i = 0; i < orders.length; i++) {
    const eps = epsilonAtOrder(orders[i]!, rdp[i]!, logDelta, conversion);
    if (Number.isNaN(eps)) continue;
    if (bestIndex < 0 || eps < best) {
      best = eps;
      bestIndex = i;
    }
  }
  if (bestIndex < 0) return { epsilon: Infinity, order: NaN };
  const order = orders[bestIndex]!;
  if (bestIndex === 0 || bestIndex === orders.length - 1) {
    const which = bestIndex === 0 ? 'smallest' : 'largest';
    return {
      epsilon: best,
      order,
      warning: `The optimal RDP order ${order} is the ${which} order of the grid; extend the grid beyond it for a tighter ε.`,
    };
  }
  return { epsilon: best, order };
}

function logDeltaAtOrder(alpha: number, rdp: number, epsilon: number): number {
  if (Number.isNaN(rdp)) return NaN;
  if (rdp === Infinity) return 0;
  // KL / Bretagnolle–Huber bound: δ ≤ √(1 − e^{−KL}) and KL ≤ RDP(α).
  let logDelta = rdp <= 0 ? -Infinity : 0.5 * Math.log(-Math.expm1(-rdp));
  if (alpha === Infinity) {
    if (rdp <= epsilon) logDelta = -Infinity; // (RDP(∞), 0)-DP
  } else if (alpha > 1.01) {
    logDelta = Math.min(
      logDelta,
      (alpha - 1) * (rdp - epsilon + Math.log1p(-1 / alpha)) - Math.log(alpha),
    );
  }
  return logDelta;
}

/** δ for the given ε, minimised over the orders (capped at 1). */
export function deltaFromRdp(
  orders: readonly number[],
  rdp: readonly number[],
  epsilon: number,
): DeltaResult {
  checkLengths(orders, rdp);
  checkNonNegative(epsilon, 'ε (epsilon)', '1.0');
  let best = Infinity;
  let bestIndex = -1;
  for (let i = 0; i < orders.length; i++) {
    const logDelta = logDeltaAtOrder(orders[i]!, rdp[i]!, epsilon);
    if (Number.isNaN(logDelta)) continue;
    if (bestIndex < 0 || logDelta < best) {
      best = logDelta;
      bestIndex = i;
    }
  }
  if (bestIndex < 0) return { delta: 1, order: NaN };
  return { delta: Math.min(1, Math.exp(best)), order: orders[bestIndex]! };
}
