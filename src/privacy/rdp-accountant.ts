/**
 * The RDP accountant: reads an event tree into an RDP vector on a grid of orders, then converts
 * to (ε, δ). Pure functions first; `createRdpAccountant` keeps a running total for callers that
 * compose events one at a time.
 */
import { UserError } from '../errors.js';
import type { PrivacyEvent } from './events.js';
import { OPACUS_DEFAULT_ORDERS } from './orders.js';
import {
  type Conversion,
  type DeltaResult,
  type EpsilonResult,
  deltaFromRdp,
  epsilonFromRdp,
} from './rdp-conversion.js';
import {
  rdpExponentialMechanism,
  rdpGaussian,
  rdpLaplace,
  rdpPureDp,
  rdpZcdp,
} from './rdp-mechanisms.js';
import { rdpSubsampledGaussian } from './rdp-subsampled-gaussian.js';
import { checkCount, checkOrders } from './validate.js';

const scale = (values: readonly number[], factor: number): number[] =>
  // 0·∞ would be NaN; zero repetitions cost nothing.
  factor === 0 ? values.map(() => 0) : values.map((v) => v * factor);

// The subsampled-Gaussian series is the one costly computation; ledgers and composed events
// repeat the same (q, σ) many times, so remember recent results per (frozen, so unchanging) grid.
const sampledCache = new WeakMap<readonly number[], Map<string, readonly number[]>>();
const CACHE_LIMIT = 256;

function rdpOfSampledGaussian(q: number, sigma: number, orders: readonly number[]): number[] {
  if (!Object.isFrozen(orders)) return orders.map((alpha) => rdpSubsampledGaussian(q, sigma, alpha));
  let cache = sampledCache.get(orders);
  if (!cache) sampledCache.set(orders, (cache = new Map()));
  const key = `${q}|${sigma}`;
  const hit = cache.get(key);
  if (hit) return [...hit];
  const rdp = orders.map((alpha) => rdpSubsampledGaussian(q, sigma, alpha));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, Object.freeze([...rdp]));
  return rdp;
}

function rdpOfSampled(q: number, inner: PrivacyEvent, orders: readonly number[]): number[] {
  if (q === 0 || inner.kind === 'noOp') return orders.map(() => 0);
  if (q === 1) return rdpOfEvent(inner, orders);
  if (inner.kind === 'gaussian') return rdpOfSampledGaussian(q, inner.noiseMultiplier, orders);
  throw new UserError(
    `The RDP accountant can only account Poisson sampling of a Gaussian event, got sampling of a ${inner.kind} event; use the Gaussian mechanism for subsampled releases or account the release without sampling (q = 1).`,
  );
}

/** RDP of the event at each order (add/remove-one neighbours, sensitivity 1). */
export function rdpOfEvent(event: PrivacyEvent, orders: readonly number[] = OPACUS_DEFAULT_ORDERS): number[] {
  checkOrders(orders);
  switch (event.kind) {
    case 'noOp':
      return orders.map(() => 0);
    case 'gaussian':
      return orders.map((a) => rdpGaussian(event.noiseMultiplier, a));
    case 'laplace':
      return orders.map((a) => rdpLaplace(event.noiseMultiplier, a));
    case 'pureDp':
      return orders.map((a) => rdpPureDp(event.epsilon, a));
    case 'exponential':
      return orders.map((a) => rdpExponentialMechanism(event.epsilon, a));
    case 'zcdp':
      return orders.map((a) => rdpZcdp(event.rho, a));
    case 'poissonSampled':
      return rdpOfSampled(event.samplingRate, event.event, orders);
    case 'selfComposed':
      return scale(rdpOfEvent(event.event, orders), checkCount(event.count, 'Repetition count'));
    case 'composed': {
      const total = orders.map(() => 0);
      for (const part of event.events) {
        const rdp = rdpOfEvent(part, orders);
        for (let i = 0; i < total.length; i++) total[i]! += rdp[i]!;
      }
      return total;
    }
    default:
      throw new UserError(
        `Unknown privacy event kind ${String((event as { kind?: unknown }).kind)}; build events with the constructors in privacy/events.`,
      );
  }
}

export interface EpsilonOptions {
  readonly delta: number;
  readonly orders?: readonly number[];
  readonly conversion?: Conversion;
}

/** (ε, optimal order) of the event at the given δ. */
export function epsilonOfEvent(event: PrivacyEvent, options: EpsilonOptions): EpsilonResult {
  const orders = options.orders ?? OPACUS_DEFAULT_ORDERS;
  return epsilonFromRdp(orders, rdpOfEvent(event, orders), options.delta, options.conversion ?? 'improved');
}

/** (δ, optimal order) of the event at the given ε. */
export function deltaOfEvent(
  event: PrivacyEvent,
  options: { readonly epsilon: number; readonly orders?: readonly number[] },
): DeltaResult {
  const orders = options.orders ?? OPACUS_DEFAULT_ORDERS;
  return deltaFromRdp(orders, rdpOfEvent(event, orders), options.epsilon);
}

export interface RdpAccountant {
  readonly orders: readonly number[];
  /** Adds `count` (default 1) repetitions of the event to the running total. */
  compose(event: PrivacyEvent, count?: number): void;
  /** The running RDP total, order by order. */
  rdp(): readonly number[];
  epsilon(delta: number, conversion?: Conversion): EpsilonResult;
  delta(epsilon: number): DeltaResult;
}

/** A running RDP total over a fixed order grid (default: Opacus's). */
export function createRdpAccountant(options: { readonly orders?: readonly number[] } = {}): RdpAccountant {
  const orders = Object.freeze([...checkOrders(options.orders ?? OPACUS_DEFAULT_ORDERS)]);
  const total = orders.map(() => 0);
  return {
    orders,
    compose(event, count = 1) {
      checkCount(count, 'Repetition count');
      const rdp = scale(rdpOfEvent(event, orders), count);
      for (let i = 0; i < total.length; i++) total[i]! += rdp[i]!;
    },
    rdp: () => Object.freeze([...total]),
    epsilon: (delta, conversion = 'improved') => epsilonFromRdp(orders, total, delta, conversion),
    delta: (epsilon) => deltaFromRdp(orders, total, epsilon),
  };
}
