import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type PrivacyEvent,
  composed,
  describeEvent,
  dpSgdEvent,
  epsilonForSubsampledGaussian,
  exponentialMechanism,
  gaussian,
  laplace,
  noiseMultiplierOf,
  noOp,
  poissonSampled,
  pureDp,
  rdpOfEvent,
  rdpSubsampledGaussian,
  selfComposed,
  zcdp,
} from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';

/** Asserts a UserError whose message matches every pattern. */
function throwsUser(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

describe('privacy events', () => {
  it('are frozen plain objects with a kind', () => {
    const e = dpSgdEvent(1.1, 0.01, 100);
    assert.equal(e.kind, 'selfComposed');
    assert.ok(Object.isFrozen(e) && Object.isFrozen(e.event));
    assert.deepEqual(JSON.parse(JSON.stringify(e)), {
      kind: 'selfComposed',
      event: { kind: 'poissonSampled', samplingRate: 0.01, event: { kind: 'gaussian', noiseMultiplier: 1.1 } },
      count: 100,
    });
    const parts: PrivacyEvent[] = [gaussian(1)];
    const c = composed(parts);
    parts.push(gaussian(2));
    assert.equal(c.events.length, 1, 'composed() keeps its own copy');
  });

  it('describe themselves for people and expose their noise multiplier', () => {
    assert.equal(describeEvent(dpSgdEvent(1.1, 0.01, 1000)), 'Poisson-sampled (q = 0.01) Gaussian (σ = 1.1) × 1000');
    assert.equal(describeEvent(laplace(2)), 'Laplace (b = 2, ε = 0.5)');
    assert.match(describeEvent(composed([zcdp(0.1), exponentialMechanism(0.2), pureDp(1), noOp()])), /composition of/);
    assert.equal(noiseMultiplierOf(dpSgdEvent(1.1, 0.01, 1000)), 1.1);
    assert.equal(noiseMultiplierOf(composed([gaussian(1), gaussian(2)])), null);
  });
});

describe('bad parameters throw a UserError that names the problem and the fix', () => {
  it('sampling rate q outside [0, 1] or NaN', () => {
    for (const q of [-0.1, 1.5, NaN, Infinity]) {
      throwsUser(() => poissonSampled(q, gaussian(1)), /Sampling rate q must be in \[0, 1\]/, /pass a probability such as 0\.01/);
    }
    throwsUser(() => epsilonForSubsampledGaussian({ noiseMultiplier: 1, samplingRate: 1.5, steps: 10, delta: 1e-5 }), /got 1\.5/);
    throwsUser(() => rdpSubsampledGaussian(-0.5, 1, 2), /Sampling rate q must be in \[0, 1\], got -0\.5/);
  });

  it('noise multiplier σ ≤ 0, non-finite or NaN', () => {
    for (const s of [0, -1, NaN, Infinity]) {
      throwsUser(() => gaussian(s), /Noise multiplier σ must be a positive finite number/, /pass a value such as/);
    }
    throwsUser(() => laplace(0), /Laplace noise multiplier b/);
    throwsUser(() => rdpSubsampledGaussian(0.1, -1, 2), /Noise multiplier σ must be ≥ 0/);
    throwsUser(() => rdpSubsampledGaussian(0.1, NaN, 2), /Noise multiplier σ must be ≥ 0/);
    throwsUser(() => rdpSubsampledGaussian(0.1, 1, 1), /RDP order α must be a number > 1/);
    throwsUser(() => epsilonForSubsampledGaussian({ noiseMultiplier: 0, samplingRate: 0.1, steps: 10, delta: 1e-5 }), /Noise multiplier σ/);
  });

  it('δ outside (0, 1) or NaN', () => {
    for (const delta of [0, 1, -1e-5, 2, NaN]) {
      throwsUser(
        () => epsilonForSubsampledGaussian({ noiseMultiplier: 1, samplingRate: 0.1, steps: 10, delta }),
        /δ \(delta\) must be in \(0, 1\)/,
        /pass a small probability such as 1e-5/,
      );
    }
  });

  it('steps / counts < 0, fractional or NaN', () => {
    for (const steps of [-1, 2.5, NaN]) {
      throwsUser(() => selfComposed(gaussian(1), steps), /must be a whole number ≥ 0/);
      throwsUser(() => epsilonForSubsampledGaussian({ noiseMultiplier: 1, samplingRate: 0.1, steps, delta: 1e-5 }), /whole number ≥ 0/);
    }
  });

  it('ε, ρ negative or NaN; malformed events and order grids', () => {
    throwsUser(() => pureDp(-1), /Pure-DP ε must be a finite number ≥ 0/);
    throwsUser(() => zcdp(NaN), /zCDP ρ \(rho\)/);
    throwsUser(() => exponentialMechanism(Infinity), /Exponential-mechanism ε/);
    throwsUser(() => poissonSampled(0.1, { kind: 'bogus' } as unknown as PrivacyEvent), /must be a privacy event/);
    throwsUser(() => composed('x' as unknown as PrivacyEvent[]), /takes an array of privacy events/);
    throwsUser(() => rdpOfEvent(gaussian(1), []), /RDP orders must be a non-empty array/);
    throwsUser(() => rdpOfEvent(gaussian(1), [1, 2]), /Every RDP order must be a number > 1, got 1/);
  });
});
