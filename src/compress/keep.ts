// From a global keep fraction of PARAMETERS (e.g. 0.3) to units kept per prunable layer.
// Rule: every prunable layer keeps the same fraction u of its units, rounded up (at least one);
// u is the largest value for which the whole network — the unpruned output layer and all biases
// included — has at most floor(fraction × original parameters) parameters.
import { UserError } from '../errors.js';
import type { Architecture } from '../nn/models.js';
import { architectureCost } from './cost.js';
import { prunableWidths, withWidths } from './family.js';

export interface KeepPlan {
  /** Units kept per prunable layer. */
  readonly keep: number[];
  /** The unit fraction u shared by all prunable layers. */
  readonly unitFraction: number;
  readonly params: number;
  readonly targetParams: number;
  readonly originalParams: number;
}

function keepAt(widths: readonly number[], u: number): number[] {
  return widths.map((w) => Math.min(w, Math.max(1, Math.ceil(u * w - 1e-9))));
}

export function keepCountsForFraction(architecture: Architecture, fraction: number): KeepPlan {
  if (!(fraction > 0 && fraction <= 1)) throw new UserError(`The keep fraction must be in (0, 1], got ${fraction}.`);
  const widths = prunableWidths(architecture);
  const originalParams = architectureCost(architecture).params;
  const targetParams = Math.floor(fraction * originalParams);
  // The kept widths only change at u = k / C_l, so those are the only candidates to try.
  const candidates = [...new Set(widths.flatMap((w) => Array.from({ length: w }, (_, k) => (k + 1) / w)))].sort((a, b) => b - a);
  const costs = new Map<string, number>();
  for (const u of candidates) {
    const keep = keepAt(widths, u);
    const key = keep.join(',');
    const params = costs.get(key) ?? architectureCost(withWidths(architecture, keep)).params;
    costs.set(key, params);
    if (params <= targetParams) return { keep, unitFraction: u, params, targetParams, originalParams };
  }
  const smallest = architectureCost(withWidths(architecture, widths.map(() => 1))).params;
  throw new UserError(`A keep fraction of ${fraction} (${targetParams} parameters) is below the smallest pruned network (one unit per layer: ${smallest} of ${originalParams} parameters); pass a larger --keep.`);
}
