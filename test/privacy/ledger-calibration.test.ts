// calibrateForLedger: σ for one more release lands the ledger's total on its budget, after earlier
// releases and δ reservations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateForLedger, createLedger, gaussian, poissonSampled, selfComposed } from '../../src/privacy/index.js';

test('calibrateForLedger: the calibrated release fits the budget with earlier entries and a δ reservation, and 1% less noise would not', () => {
  const ledger = createLedger({ epsilon: 2, delta: 1e-5, adjacency: 'add-remove-one' });
  ledger.register('count', gaussian(30));
  ledger.reserveDelta('threshold', 1e-6);
  const event = (s: number) => selfComposed(poissonSampled(0.01, gaussian(s)), 500);
  const sigma = calibrateForLedger(ledger, event);
  assert.ok(ledger.preview(event(sigma * 0.99)).epsilon > 2, 'a smaller σ must exceed the budget');
  ledger.register('run', event(sigma));
  const spent = ledger.spent().epsilon;
  assert.ok(spent <= 2 && spent > 2 - 1e-5, `spent ${spent}`);
});
