/**
 * Noise calibration: the noise multiplier σ that meets a target ε, for any accountant. The caller
 * supplies ε(σ), which must be non-increasing in σ (true of every accountant here).
 *  - 'precise' (default): bracket, then bisect until the bracket is within `relativeTolerance` of
 *    σ; returns the upper end, so ε(σ) ≤ target always holds.
 *  - 'opacus': Opacus's get_noise_multiplier, step for step (σ_low = 0, σ_high = 10, doubling, then
 *    bisection until target − ε(σ_high) ≤ 0.01), for reproducing Opacus results exactly.
 */
import { UserError } from '../errors.js';
import type { PrivacyEvent } from './events.js';
import { OPACUS_DEFAULT_ORDERS } from './orders.js';
import { type Conversion, epsilonFromRdp } from './rdp-conversion.js';
import { epsilonOfEvent } from './rdp-accountant.js';
import { checkDelta, checkPositive } from './validate.js';

export type CalibrationMode = 'precise' | 'opacus';

const MAX_BISECTIONS = 200;

export interface CalibrationOptions {
  readonly targetEpsilon: number;
  /** ε of the mechanism at noise multiplier σ; non-increasing in σ. */
  readonly epsilonForNoise: (noiseMultiplier: number) => number;
  readonly mode?: CalibrationMode;
  /** 'precise' mode: stop when (σ_high − σ_low) ≤ relativeTolerance·σ_high (default 1e-6). */
  readonly relativeTolerance?: number;
  /** 'opacus' mode: stop when target − ε(σ_high) ≤ epsilonTolerance (default 0.01). */
  readonly epsilonTolerance?: number;
  /** Give up above this σ (default 1e6, as Opacus). */
  readonly maxNoiseMultiplier?: number;
  /** Used in the error message when the target cannot be met. */
  readonly describeFailure?: () => string;
}

export interface CalibrationResult {
  readonly noiseMultiplier: number;
  /** ε(noiseMultiplier), ≤ the target. */
  readonly epsilon: number;
}

function unreachable(options: CalibrationOptions, maxNoise: number): UserError {
  const extra = options.describeFailure ? ` ${options.describeFailure()}` : '';
  return new UserError(
    `Target ε = ${options.targetEpsilon} cannot be reached even with noise multiplier ${maxNoise};${extra} raise ε or δ, or use fewer steps or a smaller sampling rate.`,
  );
}

function calibrateOpacus(options: CalibrationOptions, maxNoise: number): CalibrationResult {
  const target = options.targetEpsilon;
  const tolerance = options.epsilonTolerance ?? 0.01;
  let sigmaLow = 0;
  let sigmaHigh = 10;
  let epsHigh = Infinity;
  while (epsHigh > target) {
    sigmaHigh *= 2;
    epsHigh = options.epsilonForNoise(sigmaHigh);
    if (sigmaHigh > maxNoise) throw unreachable(options, maxNoise);
  }
  // Bounded like the precise mode, in case ε(σ) never rises towards the target as σ shrinks.
  for (let i = 0; i < MAX_BISECTIONS && target - epsHigh > tolerance; i++) {
    const sigma = (sigmaLow + sigmaHigh) / 2;
    const eps = options.epsilonForNoise(sigma);
    if (eps < target) {
      sigmaHigh = sigma;
      epsHigh = eps;
    } else {
      sigmaLow = sigma;
    }
  }
  return { noiseMultiplier: sigmaHigh, epsilon: epsHigh };
}

function calibratePrecise(options: CalibrationOptions, maxNoise: number): CalibrationResult {
  const target = options.targetEpsilon;
  const relTol = options.relativeTolerance ?? 1e-6;
  const meets = (sigma: number): number | null => {
    const eps = options.epsilonForNoise(sigma);
    return eps <= target ? eps : null;
  };
  // Bracket: ε(low) > target ≥ ε(high).
  let high = 1;
  let epsHigh = meets(high);
  let low = 0;
  if (epsHigh === null) {
    while (epsHigh === null) {
      low = high;
      high *= 2;
      if (high > maxNoise) throw unreachable(options, maxNoise);
      epsHigh = meets(high);
    }
  } else {
    const floor = 1e-9;
    low = high / 2;
    let epsLow = meets(low);
    while (epsLow !== null) {
      high = low;
      epsHigh = epsLow;
      low /= 2;
      if (low < floor) return { noiseMultiplier: high, epsilon: epsHigh };
      epsLow = meets(low);
    }
  }
  for (let i = 0; i < MAX_BISECTIONS && high - low > relTol * high; i++) {
    const mid = 0.5 * (low + high);
    const eps = meets(mid);
    if (eps === null) low = mid;
    else {
      high = mid;
      epsHigh = eps;
    }
  }
  return { noiseMultiplier: high, epsilon: epsHigh };
}

/** The smallest noise multiplier (to the mode's tolerance) whose ε does not exceed the target. */
export function calibrateNoise(options: CalibrationOptions): CalibrationResult {
  checkPositive(options.targetEpsilon, 'Target ε (epsilon)', '1.0');
  const maxNoise = options.maxNoiseMultiplier ?? 1e6;
  const mode = options.mode ?? 'precise';
  if (mode === 'opacus') return calibrateOpacus(options, maxNoise);
  if (mode === 'precise') return calibratePrecise(options, maxNoise);
  throw new UserError(`Calibration mode must be 'precise' or 'opacus', got ${String(mode)}; omit it for 'precise'.`);
}

export interface EventCalibrationOptions {
  readonly targetEpsilon: number;
  readonly delta: number;
  /** Builds the event for a candidate noise multiplier, e.g. σ ↦ dpSgdEvent(σ, q, steps). */
  readonly eventForNoise: (noiseMultiplier: number) => PrivacyEvent;
  readonly orders?: readonly number[];
  readonly conversion?: Conversion;
  readonly mode?: CalibrationMode;
  readonly relativeTolerance?: number;
}

export interface EventCalibrationResult {
  readonly noiseMultiplier: number;
  readonly epsilon: number;
  readonly order: number;
  readonly delta: number;
}

/** calibrateNoise wired to the RDP accountant. */
export function calibrateEventNoise(options: EventCalibrationOptions): EventCalibrationResult {
  const delta = checkDelta(options.delta);
  const orders = options.orders ?? OPACUS_DEFAULT_ORDERS;
  const conversion = options.conversion ?? 'improved';
  const epsilonFor = (sigma: number) =>
    epsilonOfEvent(options.eventForNoise(sigma), { delta, orders, conversion });
  const result = calibrateNoise({
    targetEpsilon: options.targetEpsilon,
    epsilonForNoise: (sigma) => epsilonFor(sigma).epsilon,
    mode: options.mode ?? 'precise',
    ...(options.relativeTolerance === undefined ? {} : { relativeTolerance: options.relativeTolerance }),
    describeFailure: () => {
      // As σ → ∞ the RDP vanishes and the conversion's slack term is all that remains.
      const floor = epsilonFromRdp(orders, orders.map(() => 1e-300), delta, conversion).epsilon;
      return `with these orders (largest ${Math.max(...orders)}) the ${conversion} conversion cannot certify ε below ${floor.toPrecision(4)} at δ = ${delta};`;
    },
  });
  const final = epsilonFor(result.noiseMultiplier);
  return { noiseMultiplier: result.noiseMultiplier, epsilon: final.epsilon, order: final.order, delta };
}
