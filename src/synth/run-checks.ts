// What both synthesizers (tables, images) check and time the same way.
import { UserError } from '../errors.js';

/** One sentence per bad budget; `records` names what δ must stay well below 1/… of. */
export function checkBudgetOptions(epsilon: number, delta: number, records: string): void {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new UserError(`--epsilon must be a positive number, got ${epsilon}; privkit needs a budget such as --epsilon 1.`);
  if (!(delta > 0 && delta < 1)) throw new UserError(`--delta must be in (0, 1), got ${delta}; use a value well below 1/${records}, such as 1e-5.`);
}

/** Seconds per named phase: `lap(name)` closes the phase that started at the previous lap. */
export function stopwatch(): { seconds: Record<string, number>; lap: (name: string) => void } {
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  return { seconds, lap: (name) => { const now = performance.now(); seconds[name] = (now - clock) / 1000; clock = now; } };
}
