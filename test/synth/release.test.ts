import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initEngine } from '../../src/engine/index.js';
import { createLedger, gaussian, selfComposed } from '../../src/privacy/index.js';
import { releaseSum } from '../../src/synth/mean-embedding.js';
import { calibrateScale } from '../../src/synth/budget.js';

before(async () => { await initEngine(); });

test('the released embedding carries noise of std σ × sensitivity, from the secure source', () => {
  const ledger = createLedger({ epsilon: 10, delta: 1e-5 });
  const sum = new Float64Array(200_000).fill(3);
  const sigma = 1.7, sensitivity = 2;
  const noisy = releaseSum(ledger, 'embedding', sum, sigma, sensitivity);
  let s = 0, s2 = 0;
  for (const v of noisy) { s += v - 3; s2 += (v - 3) ** 2; }
  const mean = s / noisy.length, std = Math.sqrt(s2 / noisy.length - mean * mean);
  // Standard error of a sample std is σ/√(2n) ≈ 0.16% here; allow 5 standard errors.
  assert.ok(Math.abs(std / (sigma * sensitivity) - 1) < 5 / Math.sqrt(2 * noisy.length), `std ${std}`);
  assert.ok(Math.abs(mean) < 5 * sigma * sensitivity / Math.sqrt(noisy.length), `mean ${mean}`);
  const [entry] = ledger.entries();
  assert.equal(entry!.noise, sigma);
  assert.equal(entry!.details?.noiseStd, sigma * sensitivity);
});

test('a release that would exceed the budget is refused and draws no noise', () => {
  const ledger = createLedger({ epsilon: 0.1, delta: 1e-5 });
  assert.throws(() => releaseSum(ledger, 'too much', new Float64Array(3), 0.5, 2), /over the budget/);
  assert.equal(ledger.entries().length, 0);
});

test('calibration spends the whole budget and no more', () => {
  const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
  ledger.register('pre-processing', gaussian(20));
  const events = (s: number) => [gaussian(3 * s), gaussian(3 * s), selfComposed(gaussian(10 * s), 20)];
  const scale = calibrateScale(ledger, events);
  for (const e of events(scale)) ledger.register('part', e);
  const spent = ledger.spent().epsilon;
  assert.ok(spent <= 1 && spent > 0.999, `spent ${spent}`);
});
