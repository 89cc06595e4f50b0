/**
 * Privacy events: small immutable descriptions of what a release did (in the style of
 * dp_accounting's DpEvent). Methods emit events; accountants read them and never need to know the
 * method. Every constructor validates its parameters and throws a UserError on bad ones.
 * Sensitivity is normalised to 1: a noise multiplier is noise std (or Laplace scale) / sensitivity.
 */
import { ensure } from '../errors.js';
import { checkCount, checkNonNegative, checkPositive, checkSamplingRate } from './validate.js';

/** Gaussian noise with std σ·sensitivity. */
export interface GaussianEvent {
  readonly kind: 'gaussian';
  readonly noiseMultiplier: number;
}

/** Laplace noise with scale b·sensitivity; it is (1/b)-DP. */
export interface LaplaceEvent {
  readonly kind: 'laplace';
  readonly noiseMultiplier: number;
}

/** Any mechanism known only to be ε-DP. */
export interface PureDpEvent {
  readonly kind: 'pureDp';
  readonly epsilon: number;
}

/** The ε-DP exponential mechanism (also ε²/8-zCDP). */
export interface ExponentialMechanismEvent {
  readonly kind: 'exponential';
  readonly epsilon: number;
}

/** Any mechanism known to be ρ-zCDP. */
export interface ZcdpEvent {
  readonly kind: 'zcdp';
  readonly rho: number;
}

/** `event` run on a Poisson subsample: each record kept independently with probability q. */
export interface PoissonSampledEvent {
  readonly kind: 'poissonSampled';
  readonly samplingRate: number;
  readonly event: PrivacyEvent;
}

/** `event` repeated `count` times. */
export interface SelfComposedEvent {
  readonly kind: 'selfComposed';
  readonly event: PrivacyEvent;
  readonly count: number;
}

/** Several events run one after the other (adaptively). */
export interface ComposedEvent {
  readonly kind: 'composed';
  readonly events: readonly PrivacyEvent[];
}

/** Touches no private data. */
export interface NoOpEvent {
  readonly kind: 'noOp';
}

export type PrivacyEvent =
  | GaussianEvent
  | LaplaceEvent
  | PureDpEvent
  | ExponentialMechanismEvent
  | ZcdpEvent
  | PoissonSampledEvent
  | SelfComposedEvent
  | ComposedEvent
  | NoOpEvent;

const EVENT_KINDS: ReadonlySet<string> = new Set([
  'gaussian', 'laplace', 'pureDp', 'exponential', 'zcdp', 'poissonSampled', 'selfComposed',
  'composed', 'noOp',
]);

function checkEvent(event: unknown, where: string): PrivacyEvent {
  ensure(
    typeof event === 'object' && event !== null && EVENT_KINDS.has((event as { kind?: string }).kind ?? ''),
    `${where} must be a privacy event, got ${String(event)}; build one with gaussian(), poissonSampled(), composed() etc.`,
  );
  return event as PrivacyEvent;
}

export function gaussian(noiseMultiplier: number): GaussianEvent {
  checkPositive(noiseMultiplier, 'Noise multiplier σ', '1.1 (noise std / L2 sensitivity)');
  return Object.freeze({ kind: 'gaussian', noiseMultiplier });
}

/** Laplace with scale/sensitivity = noiseMultiplier, i.e. ε = 1/noiseMultiplier. */
export function laplace(noiseMultiplier: number): LaplaceEvent {
  checkPositive(noiseMultiplier, 'Laplace noise multiplier b', '2 (scale / L1 sensitivity, so ε = 1/b)');
  return Object.freeze({ kind: 'laplace', noiseMultiplier });
}

/** The Laplace mechanism calibrated to ε-DP (scale = sensitivity/ε). */
export function laplaceForEpsilon(epsilon: number): LaplaceEvent {
  checkPositive(epsilon, 'Laplace ε', '0.5');
  return laplace(1 / epsilon);
}

export function pureDp(epsilon: number): PureDpEvent {
  checkNonNegative(epsilon, 'Pure-DP ε', '0.5');
  return Object.freeze({ kind: 'pureDp', epsilon });
}

export function exponentialMechanism(epsilon: number): ExponentialMechanismEvent {
  checkNonNegative(epsilon, 'Exponential-mechanism ε', '0.1');
  return Object.freeze({ kind: 'exponential', epsilon });
}

export function zcdp(rho: number): ZcdpEvent {
  checkNonNegative(rho, 'zCDP ρ (rho)', '0.5');
  return Object.freeze({ kind: 'zcdp', rho });
}

export function poissonSampled(samplingRate: number, event: PrivacyEvent): PoissonSampledEvent {
  checkSamplingRate(samplingRate);
  return Object.freeze({ kind: 'poissonSampled', samplingRate, event: checkEvent(event, 'The sampled event') });
}

export function selfComposed(event: PrivacyEvent, count: number): SelfComposedEvent {
  checkCount(count, 'Repetition count (steps)');
  return Object.freeze({ kind: 'selfComposed', event: checkEvent(event, 'The repeated event'), count });
}

export function composed(events: readonly PrivacyEvent[]): ComposedEvent {
  ensure(
    Array.isArray(events),
    `composed() takes an array of privacy events, got ${String(events)}; pass e.g. [gaussian(1), gaussian(2)].`,
  );
  const copy = events.map((event, i) => checkEvent(event, `Event ${i} of composed()`));
  return Object.freeze({ kind: 'composed', events: Object.freeze(copy) });
}

export function noOp(): NoOpEvent {
  return Object.freeze({ kind: 'noOp' });
}

/** The DP-SGD event: `steps` Poisson-sampled Gaussian steps. */
export function dpSgdEvent(noiseMultiplier: number, samplingRate: number, steps: number): SelfComposedEvent {
  return selfComposed(poissonSampled(samplingRate, gaussian(noiseMultiplier)), steps);
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/** One line a person can read, e.g. "Poisson-sampled (q = 0.01) Gaussian (σ = 1.1) × 1000". */
export function describeEvent(event: PrivacyEvent): string {
  switch (event.kind) {
    case 'gaussian':
      return `Gaussian (σ = ${fmt(event.noiseMultiplier)})`;
    case 'laplace':
      return `Laplace (b = ${fmt(event.noiseMultiplier)}, ε = ${fmt(1 / event.noiseMultiplier)})`;
    case 'pureDp':
      return `ε-DP mechanism (ε = ${fmt(event.epsilon)})`;
    case 'exponential':
      return `exponential mechanism (ε = ${fmt(event.epsilon)})`;
    case 'zcdp':
      return `ρ-zCDP mechanism (ρ = ${fmt(event.rho)})`;
    case 'poissonSampled':
      return `Poisson-sampled (q = ${fmt(event.samplingRate)}) ${describeEvent(event.event)}`;
    case 'selfComposed':
      return `${describeEvent(event.event)} × ${event.count}`;
    case 'composed':
      return event.events.length === 0
        ? 'nothing'
        : `composition of [${event.events.map(describeEvent).join('; ')}]`;
    case 'noOp':
      return 'no privacy cost';
  }
}

/**
 * The noise multiplier of the one noise-adding mechanism inside the event, if there is exactly
 * one kind (used for ledger listings); null otherwise.
 */
export function noiseMultiplierOf(event: PrivacyEvent): number | null {
  switch (event.kind) {
    case 'gaussian':
    case 'laplace':
      return event.noiseMultiplier;
    case 'poissonSampled':
    case 'selfComposed':
      return noiseMultiplierOf(event.event);
    case 'composed': {
      const values = new Set(event.events.map(noiseMultiplierOf));
      return values.size === 1 ? [...values][0]! : null;
    }
    default:
      return null;
  }
}
