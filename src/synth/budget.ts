// Noise calibration for a synthesizer's releases: the relative sizes of the noise multipliers
// follow the method's budget split; one common scale is then set by bisection so that the ledger's
// RDP composition of everything (pre-processing included) lands on the budget.
import { UserError } from '../errors.js';
import { composed, type Ledger, type PrivacyEvent } from '../privacy/index.js';

/**
 * Smallest scale s (to ~1e-4 relative) with ledger total ≤ budget after `events(s)`; events must
 * get more private as s grows.
 */
export function calibrateScale(ledger: Ledger, events: (scale: number) => PrivacyEvent[]): number {
  const fits = (s: number) => ledger.preview(composed(events(s))).epsilon <= ledger.budget.epsilon;
  let lo = 1e-3, hi = 1;
  while (!fits(hi)) {
    hi *= 2;
    if (hi > 1e7) throw new UserError(`The privacy budget ε = ${ledger.budget.epsilon} is too small for this method after its pre-processing releases; raise --epsilon or declare columns public in a --schema.`);
  }
  while (fits(lo) && lo > 1e-9) lo /= 2;
  for (let i = 0; i < 60 && (hi - lo) / hi > 1e-4; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) hi = mid; else lo = mid;
  }
  return hi;
}
