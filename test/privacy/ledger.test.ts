import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  composed,
  createLedger,
  dpSgdEvent,
  epsilonOfEvent,
  gaussian,
  laplace,
  noiseMultiplierForTarget,
  splitBudget,
} from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { assertClose } from './fixtures.js';

describe('privacy ledger', () => {
  it('the total of two releases equals the accountant on the composed event', () => {
    const ledger = createLedger({ epsilon: 10, delta: 1e-5 });
    const a = dpSgdEvent(1.0, 0.01, 1000);
    const b = dpSgdEvent(2.0, 0.02, 500);
    ledger.register('phase 1', a);
    ledger.register('phase 2', b, { epochs: 5 });
    const expected = epsilonOfEvent(composed([a, b]), { delta: 1e-5 });
    const spent = ledger.spent();
    assert.equal(spent.epsilon, expected.epsilon);
    assert.equal(spent.order, expected.order);
    assert.equal(spent.delta, 1e-5);
    assertClose(spent.epsilon, 2.328314720961042, { abs: 1e-8 }, '§8.8 two phases');
  });

  it('starts at zero and lists entries with mechanism, noise and ε alone', () => {
    const ledger = createLedger({ epsilon: 3, delta: 1e-6, conversion: 'classic' });
    assert.deepEqual(ledger.spent(), { epsilon: 0, delta: 1e-6, order: null });
    assert.equal(ledger.remainingEpsilon(), 3);
    ledger.register('class counts', laplace(4), { columns: ['y'] });
    ledger.register('training', dpSgdEvent(1.5, 0.01, 200));
    const entries = ledger.entries();
    assert.deepEqual(entries.map((e) => e.label), ['class counts', 'training']);
    assert.equal(entries[0]!.mechanism, 'Laplace (b = 4, ε = 0.25)');
    assert.equal(entries[0]!.noise, 4);
    assert.deepEqual(entries[0]!.details, { columns: ['y'] });
    assert.equal(entries[1]!.noise, 1.5);
    assert.equal(entries[1]!.mechanism, 'Poisson-sampled (q = 0.01) Gaussian (σ = 1.5) × 200');
    const alone = epsilonOfEvent(dpSgdEvent(1.5, 0.01, 200), { delta: 1e-6, conversion: 'classic' }).epsilon;
    assert.equal(entries[1]!.epsilonAlone, alone);
    assert.ok(ledger.spent().epsilon <= entries[0]!.epsilonAlone + alone + 1e-12);
    const json = JSON.parse(JSON.stringify(ledger));
    assert.equal(json.entries.length, 2);
    assert.equal(json.accountant.conversion, 'classic');
    assert.equal(json.spent.epsilon, ledger.spent().epsilon);
  });

  it('refuses a release that would exceed the budget, naming label, budget and would-be total', () => {
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    ledger.register('warm-up', gaussian(8));
    const before = ledger.spent();
    assert.throws(
      () => ledger.register('fine-tune', dpSgdEvent(0.8, 0.05, 1000)),
      (e: unknown) =>
        e instanceof UserError &&
        /Release 'fine-tune'/.test(e.message) &&
        /over the budget ε = 1/.test(e.message) &&
        /would raise the privacy spent to ε = \d/.test(e.message),
    );
    assert.deepEqual(ledger.spent(), before, 'a refused release records nothing');
    assert.equal(ledger.entries().length, 1);
    assert.ok(ledger.preview(dpSgdEvent(0.8, 0.05, 1000)).epsilon > 1);
  });

  it('accepts a release calibrated to exactly the remaining budget', () => {
    const ledger = createLedger({ epsilon: 2, delta: 1e-5 });
    const { noiseMultiplier } = noiseMultiplierForTarget({ epsilon: 2, delta: 1e-5, samplingRate: 0.01, steps: 1000 });
    ledger.register('training', dpSgdEvent(noiseMultiplier, 0.01, 1000));
    assert.ok(ledger.spent().epsilon <= 2);
  });

  it('splitBudget shares ε and δ proportionally', () => {
    const parts = splitBudget({ epsilon: 1, delta: 1e-5 }, { preprocessing: 1, training: 9 });
    assertClose(parts.preprocessing.epsilon, 0.1, { rel: 1e-15 }, 'ε share');
    assertClose(parts.training.delta, 9e-6, { rel: 1e-15 }, 'δ share');
    assert.throws(() => splitBudget({ epsilon: 1, delta: 1e-5 }, { a: 0 }), UserError);
  });

  it('rejects bad budgets and labels', () => {
    assert.throws(() => createLedger({ epsilon: 0, delta: 1e-5 }), /Budget ε \(epsilon\) must be a positive finite number/);
    assert.throws(() => createLedger({ epsilon: 1, delta: 1 }), /Budget δ \(delta\) must be in \(0, 1\)/);
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    assert.throws(() => ledger.register('  ', gaussian(5)), /non-empty label/);
  });
});
