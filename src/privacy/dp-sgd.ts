/**
 * The two questions the CLI asks about DP-SGD-style training (T Poisson-sampled Gaussian steps):
 * what ε does a noise multiplier give, and what noise multiplier meets a target ε.
 */
import { ensure } from '../errors.js';
import { type CalibrationMode, calibrateEventNoise } from './calibrate.js';
import { dpSgdEvent } from './events.js';
import { OPACUS_DEFAULT_ORDERS } from './orders.js';
import type { Conversion } from './rdp-conversion.js';
import { epsilonOfEvent } from './rdp-accountant.js';
import { checkCount, checkDelta, checkOrders, checkPositive, checkSamplingRate } from './validate.js';

export interface SubsampledGaussianEpsilonOptions {
  readonly noiseMultiplier: number;
  readonly samplingRate: number;
  readonly steps: number;
  readonly delta: number;
  /** Default: Opacus's default grid. */
  readonly orders?: readonly number[];
  /** Default: 'improved'. */
  readonly conversion?: 'improved' | 'classic';
}

export interface SubsampledGaussianEpsilon {
  readonly epsilon: number;
  readonly order: number;
  readonly delta: number;
  /** Present when the optimal order is at the edge of the grid. */
  readonly warning?: string;
}

/** ε (RDP accountant) of `steps` Poisson-sampled Gaussian steps at the given δ. */
export function epsilonForSubsampledGaussian(options: SubsampledGaussianEpsilonOptions): SubsampledGaussianEpsilon {
  const delta = checkDelta(options.delta);
  const orders = checkOrders(options.orders ?? OPACUS_DEFAULT_ORDERS);
  const event = dpSgdEvent(options.noiseMultiplier, options.samplingRate, options.steps);
  const result = epsilonOfEvent(event, { delta, orders, conversion: options.conversion ?? 'improved' });
  return result.warning === undefined
    ? { epsilon: result.epsilon, order: result.order, delta }
    : { epsilon: result.epsilon, order: result.order, delta, warning: result.warning };
}

export interface NoiseMultiplierTargetOptions {
  readonly epsilon: number;
  readonly delta: number;
  readonly samplingRate: number;
  readonly steps: number;
  readonly orders?: readonly number[];
  readonly conversion?: Conversion;
  /** 'precise' (default, ~1e-6 relative, conservative) or 'opacus' (bit-for-bit Opacus). */
  readonly mode?: CalibrationMode;
}

export interface NoiseMultiplierTarget {
  readonly noiseMultiplier: number;
  readonly epsilon: number;
  readonly order: number;
  readonly delta: number;
}

/** The noise multiplier whose ε after `steps` Poisson-sampled steps does not exceed the target. */
export function noiseMultiplierForTarget(options: NoiseMultiplierTargetOptions): NoiseMultiplierTarget {
  checkPositive(options.epsilon, 'Target ε (epsilon)', '1.0');
  const delta = checkDelta(options.delta);
  const samplingRate = checkSamplingRate(options.samplingRate);
  const steps = checkCount(options.steps, 'Number of steps');
  const orders = checkOrders(options.orders ?? OPACUS_DEFAULT_ORDERS);
  ensure(
    samplingRate > 0 && steps > 0,
    `With sampling rate ${samplingRate} and ${steps} steps no record is ever used, so no noise multiplier can be calibrated; pass q > 0 and steps ≥ 1.`,
  );
  return calibrateEventNoise({
    targetEpsilon: options.epsilon,
    delta,
    eventForNoise: (sigma) => dpSgdEvent(sigma, samplingRate, steps),
    orders,
    conversion: options.conversion ?? 'improved',
    mode: options.mode ?? 'precise',
  });
}
