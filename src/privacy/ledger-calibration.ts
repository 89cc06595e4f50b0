/**
 * The noise multiplier for one more release into a ledger: the smallest σ (to calibrateEventNoise's
 * precision) for which everything already registered plus `eventForNoise(σ)` stays within the
 * ledger's budget, converted at the δ left after its reservations, with its orders and conversion.
 */
import { calibrateEventNoise } from './calibrate.js';
import { composed, type PrivacyEvent } from './events.js';
import type { Ledger } from './ledger.js';

export function calibrateForLedger(ledger: Ledger, eventForNoise: (noiseMultiplier: number) => PrivacyEvent): number {
  const earlier = ledger.entries().map((e) => e.event);
  const { orders, conversion } = ledger.toJSON().accountant;
  const { noiseMultiplier } = calibrateEventNoise({
    targetEpsilon: ledger.budget.epsilon,
    delta: ledger.budget.delta - ledger.reservedDelta(),
    orders, conversion,
    eventForNoise: (sigma) => composed([...earlier, eventForNoise(sigma)]),
  });
  // A hair above: the ledger adds the RDP curves one release at a time, which may round differently.
  return noiseMultiplier * (1 + 1e-9);
}
