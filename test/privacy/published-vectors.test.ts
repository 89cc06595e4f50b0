/** accounting.md §8 ε vectors that the RDP accountant can compute (see the fixture for sources). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type PrivacyEvent,
  composed,
  deltaOfEvent,
  dpSgdEvent,
  epsilonOfEvent,
} from '../../src/privacy/index.js';
import { assertClose, loadFixture, namedOrders } from './fixtures.js';

interface EpsilonCase {
  id: string;
  q: number;
  sigma: number;
  steps: number;
  delta: number;
  orders: string;
  conversion: 'improved' | 'classic';
  epsilon: number;
  order?: number;
  abs?: number;
  rel?: number;
}
interface PhaseCase extends Omit<EpsilonCase, 'q' | 'sigma' | 'steps'> {
  phases: [number, number, number][];
}
interface Vectors {
  epsilon: EpsilonCase[];
  phases: PhaseCase[];
  deltaForEpsilon: {
    q: number;
    sigma: number;
    steps: number;
    orders: string;
    rows: { epsilon: number; dpAccountingDelta: number; rel: number }[];
  };
}
const vectors = loadFixture<Vectors>('accounting-vectors.json');

function check(event: PrivacyEvent, c: EpsilonCase | PhaseCase): void {
  const result = epsilonOfEvent(event, { delta: c.delta, orders: namedOrders(c.orders), conversion: c.conversion });
  assertClose(result.epsilon, c.epsilon, { abs: c.abs ?? 0, rel: c.rel ?? 0 }, c.id);
  if (c.order !== undefined) assert.equal(result.order, c.order, `${c.id}: optimal order`);
}

describe('published and generated ε vectors (accounting.md §8)', () => {
  for (const c of vectors.epsilon) {
    it(`${c.id}: q=${c.q} σ=${c.sigma} T=${c.steps} δ=${c.delta} (${c.conversion}, ${c.orders})`, () => {
      check(dpSgdEvent(c.sigma, c.q, c.steps), c);
    });
  }

  for (const c of vectors.phases) {
    it(`${c.id}: heterogeneous phases compose order by order`, () => {
      check(composed(c.phases.map(([q, sigma, steps]) => dpSgdEvent(sigma, q, steps))), c);
    });
  }

  it('§8.8 δ(ε): exact RDP gives δ no larger than, and close to, dp_accounting 0.6.0', () => {
    const d = vectors.deltaForEpsilon;
    const event = dpSgdEvent(d.sigma, d.q, d.steps);
    for (const row of d.rows) {
      const { delta } = deltaOfEvent(event, { epsilon: row.epsilon, orders: namedOrders(d.orders) });
      assert.ok(delta <= row.dpAccountingDelta, `ε=${row.epsilon}: ${delta} > ${row.dpAccountingDelta}`);
      assertClose(delta, row.dpAccountingDelta, { rel: row.rel }, `δ(ε=${row.epsilon})`);
    }
  });
});
