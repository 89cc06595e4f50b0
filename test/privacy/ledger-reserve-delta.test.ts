import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrateEventNoise, createLedger, epsilonOfEvent, gaussian, zcdp } from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';

describe('privacy ledger: δ reservations', () => {
  it('converts the RDP total at budget δ − reserved δ and reports the budget δ', () => {
    const ledger = createLedger({ epsilon: 2, delta: 1e-5 });
    ledger.register('release', gaussian(3));
    const before = ledger.spent().epsilon;
    ledger.reserveDelta('threshold', 4e-6, { columns: 3 });
    const after = ledger.spent();
    assert.equal(after.epsilon, epsilonOfEvent(gaussian(3), { delta: 6e-6 }).epsilon);
    assert.ok(after.epsilon > before, 'less δ for the conversion means more ε');
    assert.equal(after.delta, 1e-5);
    assert.equal(ledger.reservedDelta(), 4e-6);
    assert.deepEqual(ledger.reservations(), [{ label: 'threshold', delta: 4e-6, details: { columns: 3 } }]);
    const json = JSON.parse(JSON.stringify(ledger));
    assert.deepEqual(json.reservations, [{ label: 'threshold', delta: 4e-6, details: { columns: 3 } }]);
    // Releases registered after a reservation are converted at the reduced δ too.
    ledger.register('second', gaussian(5));
    const both = epsilonOfEvent({ kind: 'composed', events: [gaussian(3), gaussian(5)] }, { delta: 6e-6 }).epsilon;
    assert.ok(Math.abs(ledger.spent().epsilon - both) < 1e-12);
    assert.equal(ledger.entries()[1]!.epsilonAlone, epsilonOfEvent(gaussian(5), { delta: 6e-6 }).epsilon);
  });

  it('adds reservations up and refuses one that would leave no δ', () => {
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    ledger.reserveDelta('a', 4e-6);
    ledger.reserveDelta('b', 5e-6);
    assert.ok(Math.abs(ledger.reservedDelta() - 9e-6) < 1e-18);
    assert.throws(
      () => ledger.reserveDelta('c', 1e-6),
      (e: unknown) => e instanceof UserError && /Reserving δ = 0.000001 for 'c' would leave no δ/.test(e.message),
    );
    assert.equal(ledger.reservations().length, 2, 'a refused reservation records nothing');
    assert.throws(() => ledger.reserveDelta('d', 0), /must be a positive number/);
    assert.throws(() => ledger.reserveDelta('d', Number.NaN), /must be a positive number/);
    assert.throws(() => ledger.reserveDelta(' ', 1e-7), /non-empty label/);
  });

  it('refuses a reservation that would take the spent ε over budget', () => {
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    const { noiseMultiplier } = calibrateEventNoise({ targetEpsilon: 0.99, delta: 1e-5, eventForNoise: gaussian });
    ledger.register('release', gaussian(noiseMultiplier));
    const { epsilon } = ledger.spent();
    assert.ok(epsilon <= 0.99 && epsilon > 0.98, `precondition: close to the budget, got ${epsilon}`);
    assert.throws(
      () => ledger.reserveDelta('threshold', 9.9e-6),
      (e: unknown) => e instanceof UserError && /over the budget ε = 1/.test(e.message),
    );
    assert.equal(ledger.reservedDelta(), 0);
    assert.equal(ledger.spent().epsilon, epsilon);
  });

  it('preview can include a reservation without making it', () => {
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    const plain = ledger.preview(zcdp(0.01));
    const reserved = ledger.preview(zcdp(0.01), { reserveDelta: 5e-6 });
    assert.equal(reserved.epsilon, epsilonOfEvent(zcdp(0.01), { delta: 5e-6 }).epsilon);
    assert.ok(reserved.epsilon > plain.epsilon);
    assert.equal(ledger.reservedDelta(), 0);
    assert.throws(() => ledger.preview(zcdp(0.01), { reserveDelta: 1e-5 }), /would leave no δ/);
  });

  it('a ledger with nothing spent reports ε = 0 whatever is reserved', () => {
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    ledger.reserveDelta('threshold', 1e-6);
    assert.deepEqual(ledger.spent(), { epsilon: 0, delta: 1e-5, order: null });
    assert.equal(ledger.remainingEpsilon(), 1);
  });
});
