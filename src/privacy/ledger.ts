/**
 * The privacy ledger every release goes through: it holds a budget (ε, δ), refuses any release
 * that would take the RDP-composed total over it, and lists what was spent and on what.
 *
 * δ reservations: some mechanisms are only approximately RDP — they behave like an RDP mechanism
 * except on an event of probability at most δ₀ (e.g. a thresholded histogram releasing a category
 * held by a single record). Such a δ₀ cannot be written as an RDP curve, so it is reserved
 * (`reserveDelta`) and the RDP total is converted to ε at the remaining δ = budget δ − Σ reserved.
 * The whole run is then (ε, budget δ)-DP: approximate RDP composes by adding the δ₀'s (Bun &
 * Steinke 2016, "Concentrated differential privacy", approximate zCDP), and the conversion adds its
 * own δ on top.
 */
import { ensure, UserError } from '../errors.js';
import { type PrivacyEvent, composed, describeEvent, noiseMultiplierOf } from './events.js';
import { OPACUS_DEFAULT_ORDERS } from './orders.js';
import { type Conversion, epsilonFromRdp } from './rdp-conversion.js';
import { rdpOfEvent } from './rdp-accountant.js';
import { checkDelta, checkOrders, checkPositive } from './validate.js';

export interface LedgerOptions {
  readonly epsilon: number;
  readonly delta: number;
  readonly conversion?: Conversion;
  readonly orders?: readonly number[];
  /** The neighbouring relation the releases' sensitivities assume (default 'replace-one'). */
  readonly adjacency?: Adjacency;
}

export type Adjacency = 'replace-one' | 'add-remove-one';

export interface LedgerEntry {
  readonly label: string;
  readonly event: PrivacyEvent;
  /** e.g. "Poisson-sampled (q = 0.01) Gaussian (σ = 1.1) × 1000". */
  readonly mechanism: string;
  /** The noise multiplier, when the event has a single one. */
  readonly noise: number | null;
  /** ε of this release on its own, at the ledger's δ. */
  readonly epsilonAlone: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Spent {
  readonly epsilon: number;
  readonly delta: number;
  /** The RDP order that gave ε; null while nothing has been spent. */
  readonly order: number | null;
}

/** δ set aside for a mechanism's failure event, outside the RDP accounting (see the module comment). */
export interface DeltaReservation {
  readonly label: string;
  readonly delta: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface LedgerJson {
  readonly budget: { readonly epsilon: number; readonly delta: number };
  readonly accountant: { readonly kind: 'rdp'; readonly conversion: Conversion; readonly orders: readonly number[] };
  readonly adjacency: Adjacency;
  readonly spent: Spent;
  readonly entries: readonly LedgerEntry[];
  /** δ reservations, in order; the RDP total is converted at budget δ − their sum. */
  readonly reservations: readonly DeltaReservation[];
}

export interface PreviewOptions {
  /** Also reserve this much more δ (as `reserveDelta` would) before converting. */
  readonly reserveDelta?: number;
}

export interface Ledger {
  readonly budget: { readonly epsilon: number; readonly delta: number };
  /** Records a release, or throws a UserError (recording nothing) if it would exceed the budget. */
  register(label: string, event: PrivacyEvent, details?: Readonly<Record<string, unknown>>): LedgerEntry;
  /** What the total would be after registering `event` (and reserving `reserveDelta`), without doing either. */
  preview(event: PrivacyEvent, options?: PreviewOptions): Spent;
  /**
   * Sets δ aside for a mechanism's failure event (see the module comment). Throws a UserError,
   * recording nothing, if it would leave no δ for the RDP conversion or take the spent ε over budget.
   */
  reserveDelta(label: string, delta: number, details?: Readonly<Record<string, unknown>>): DeltaReservation;
  /** Sum of the reserved δ. */
  reservedDelta(): number;
  reservations(): readonly DeltaReservation[];
  /** ε at δ = budget δ − reserved δ; the reported δ is the budget δ (reserved δ included). */
  spent(): Spent;
  /** ε left before the budget is reached (under this accountant, composition is sub-additive). */
  remainingEpsilon(): number;
  entries(): readonly LedgerEntry[];
  toJSON(): LedgerJson;
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

export function createLedger(options: LedgerOptions): Ledger {
  const budget = Object.freeze({
    epsilon: checkPositive(options.epsilon, 'Budget ε (epsilon)', '1.0'),
    delta: checkDelta(options.delta, 'Budget δ (delta)'),
  });
  const conversion = options.conversion ?? 'improved';
  const orders = Object.freeze([...checkOrders(options.orders ?? OPACUS_DEFAULT_ORDERS)]);
  const entries: LedgerEntry[] = [];
  const reserved: DeltaReservation[] = [];
  let reservedSum = 0;
  let total = orders.map(() => 0);

  const checkLabel = (label: string): void =>
    ensure(
      typeof label === 'string' && label.trim() !== '',
      `Every release needs a non-empty label, got ${JSON.stringify(label)}; name what is released, e.g. 'class counts'.`,
    );
  // The δ left for converting the RDP total, after `extra` more is reserved.
  const conversionDelta = (extra: number): number => budget.delta - (reservedSum + extra);
  const spentFrom = (rdp: readonly number[], nothing: boolean, extra = 0): Spent => {
    if (nothing) return { epsilon: 0, delta: budget.delta, order: null };
    const { epsilon, order } = epsilonFromRdp(orders, rdp, conversionDelta(extra), conversion);
    return { epsilon, delta: budget.delta, order };
  };
  const plus = (rdp: readonly number[]): number[] => total.map((value, i) => value + rdp[i]!);
  const checkReservation = (label: string, delta: unknown): number => {
    ensure(
      typeof delta === 'number' && Number.isFinite(delta) && delta > 0,
      `The δ reserved for '${label}' must be a positive number, got ${String(delta)}; pass a small probability such as 1e-7.`,
    );
    ensure(
      conversionDelta(delta) > 0,
      `Reserving δ = ${fmt(delta)} for '${label}' would leave no δ for the other releases (budget δ = ${budget.delta}, already reserved ${fmt(reservedSum)}); reserve less or raise the budget δ.`,
    );
    return delta;
  };

  return {
    budget,
    register(label, event, details) {
      checkLabel(label);
      const rdp = rdpOfEvent(composed([event]), orders); // composed() validates the event
      const next = plus(rdp);
      const after = spentFrom(next, false);
      if (!(after.epsilon <= budget.epsilon)) {
        throw new UserError(
          `Release '${label}' would raise the privacy spent to ε = ${fmt(after.epsilon)} (δ = ${budget.delta}), over the budget ε = ${budget.epsilon}; add noise, shorten the run, or raise the budget.`,
        );
      }
      const entry: LedgerEntry = Object.freeze({
        label,
        event,
        mechanism: describeEvent(event),
        noise: noiseMultiplierOf(event),
        epsilonAlone: spentFrom(rdp, false).epsilon,
        ...(details === undefined ? {} : { details: Object.freeze({ ...details }) }),
      });
      total = next;
      entries.push(entry);
      return entry;
    },
    preview(event, options = {}) {
      const extra = options.reserveDelta === undefined ? 0 : checkReservation('the preview', options.reserveDelta);
      return spentFrom(plus(rdpOfEvent(composed([event]), orders)), false, extra);
    },
    reserveDelta(label, delta, details) {
      checkLabel(label);
      checkReservation(label, delta);
      // Less δ for the conversion means a larger ε for what is already spent.
      const after = spentFrom(total, entries.length === 0, delta);
      if (!(after.epsilon <= budget.epsilon)) {
        throw new UserError(
          `Reserving δ = ${fmt(delta)} for '${label}' would raise the privacy spent to ε = ${fmt(after.epsilon)}, over the budget ε = ${budget.epsilon}; reserve less δ or raise the budget.`,
        );
      }
      const reservation: DeltaReservation = Object.freeze({
        label,
        delta,
        ...(details === undefined ? {} : { details: Object.freeze({ ...details }) }),
      });
      reserved.push(reservation);
      reservedSum += delta;
      return reservation;
    },
    reservedDelta: () => reservedSum,
    reservations: () => Object.freeze([...reserved]),
    spent: () => spentFrom(total, entries.length === 0),
    remainingEpsilon: () => Math.max(0, budget.epsilon - spentFrom(total, entries.length === 0).epsilon),
    entries: () => Object.freeze([...entries]),
    toJSON: () => ({
      budget,
      accountant: { kind: 'rdp', conversion, orders },
      adjacency: options.adjacency ?? 'replace-one',
      spent: spentFrom(total, entries.length === 0),
      entries: Object.freeze([...entries]),
      reservations: Object.freeze([...reserved]),
    }),
  };
}

/**
 * Splits a budget into named shares (weights, normalised to sum to 1), e.g.
 * splitBudget({ epsilon: 1, delta: 1e-5 }, { preprocessing: 0.1, training: 0.9 }). Each part gets
 * its share of ε and of δ, so by basic composition the parts sum to the total. The ledger composes
 * in RDP instead, which is usually (not always) tighter: register every part to know the total.
 */
export function splitBudget<K extends string>(
  total: { readonly epsilon: number; readonly delta: number },
  shares: Readonly<Record<K, number>>,
): Record<K, { epsilon: number; delta: number }> {
  checkPositive(total.epsilon, 'Budget ε (epsilon)', '1.0');
  checkDelta(total.delta, 'Budget δ (delta)');
  const names = Object.keys(shares) as K[];
  ensure(names.length > 0, 'splitBudget needs at least one share; pass e.g. { preprocessing: 0.1, training: 0.9 }.');
  let sum = 0;
  for (const name of names) sum += checkPositive(shares[name], `Share '${name}'`, '0.1');
  const parts = {} as Record<K, { epsilon: number; delta: number }>;
  for (const name of names) {
    const w = shares[name] / sum;
    parts[name] = { epsilon: total.epsilon * w, delta: total.delta * w };
  }
  return parts;
}
