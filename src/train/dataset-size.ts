// The number of training records sets DP-SGD's sampling rate q = batch / size, and through it the
// step count and noise; under add/remove-one neighbours the exact count is private. It is used
// only when the user declares it public; otherwise a count is released with the Gaussian
// mechanism from 1% of the budget's zCDP ρ and recorded in the ledger.
import { fillSecureGaussian } from '../engine/random/secure-gaussian.js';
import { gaussian } from '../privacy/events.js';
import type { Ledger } from '../privacy/ledger.js';
import { sigmaForRho, totalRho } from '../estimate/budget.js';

export const COUNT_SHARE = 0.01;

/** Releases the record count (sensitivity 1) into the ledger and returns it (rounded, ≥ 1). */
export function releaseRecordCount(ledger: Ledger, count: number): number {
  const { epsilon, delta } = ledger.budget;
  const sigma = sigmaForRho(COUNT_SHARE * totalRho(epsilon, delta, 'improved'));
  ledger.register('training record count', gaussian(sigma), { sensitivity: 1, noiseStd: sigma });
  const noise = new Float64Array(1);
  fillSecureGaussian(noise, sigma);
  return Math.max(1, Math.round(count + noise[0]!));
}
