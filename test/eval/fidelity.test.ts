import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareTables, correlationRatio, cramersV, ksStatistic, pearson, totalVariation, type FidelityColumn,
} from '../../src/eval/fidelity.js';
import { readJson } from './fixtures.js';

interface FidelityRef {
  real: Record<string, number[]>;
  synthetic: Record<string, number[]>;
  ks: Record<string, number>;
  tv: Record<string, number>;
  assoc: Record<'real' | 'synthetic', Record<string, number>>;
}
const ref = readJson<FidelityRef>('fidelity-reference.json');
const close = (actual: number, expected: number, tol = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} differs from ${expected}`);

const toColumns = (t: Record<string, number[]>): FidelityColumn[] => [
  { name: 'num1', kind: 'numeric', values: Float64Array.from(t.num1!) },
  { name: 'num2', kind: 'numeric', values: Float64Array.from(t.num2!) },
  { name: 'cat1', kind: 'categorical', values: Int32Array.from(t.cat1!) },
  { name: 'cat2', kind: 'categorical', values: Int32Array.from(t.cat2!) },
];

describe('marginal distances', () => {
  it('total variation of hand-checked distributions', () => {
    close(totalVariation(Int32Array.of(0, 0, 1), Int32Array.of(0, 1, 1), 2), 1 / 3);
    close(totalVariation(Int32Array.of(0, 1), Int32Array.of(0, 1), 2), 0);
    // a missing value counts as its own category
    close(totalVariation(Int32Array.of(0, -1), Int32Array.of(0, 0), 1), 0.5);
  });
  it('KS statistic of hand-checked samples, ignoring NaN', () => {
    close(ksStatistic(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)), 0);
    close(ksStatistic(Float64Array.of(1, 2), Float64Array.of(3, 4)), 1);
    close(ksStatistic(Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 3, NaN)), 0.25); // at 1 and at 3
    assert.ok(Number.isNaN(ksStatistic(Float64Array.of(NaN), Float64Array.of(1))));
  });
});

describe('associations', () => {
  it('are 1 for perfectly dependent columns and 0 for a constant one', () => {
    close(pearson(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 6)), 1);
    close(pearson(Float64Array.of(1, 2, 3), Float64Array.of(5, 5, 5)), 0);
    close(cramersV(Int32Array.of(0, 1, 2, 0), Int32Array.of(2, 0, 1, 2), 3, 3), 1);
    close(correlationRatio(Float64Array.of(1, 1, 5, 5), Int32Array.of(0, 0, 1, 1), 2), 1);
    close(correlationRatio(Float64Array.of(3, 3, 3), Int32Array.of(0, 1, 0), 2), 0);
  });
});

describe('compareTables', () => {
  const report = compareTables(toColumns(ref.real), toColumns(ref.synthetic));
  it('matches scipy for the marginals', () => {
    for (const c of report.columns) {
      close(c.distance, c.statistic === 'ks' ? ref.ks[c.name]! : ref.tv[c.name]!);
    }
    close(report.meanMarginal, (ref.ks.num1! + ref.ks.num2! + ref.tv.cat1! + ref.tv.cat2!) / 4);
  });
  it('matches scipy for the associations and averages their differences', () => {
    assert.equal(report.pairs.length, 6);
    let sum = 0;
    for (const p of report.pairs) {
      const key = ref.assoc.real[`${p.a}|${p.b}`] !== undefined ? `${p.a}|${p.b}` : `${p.b}|${p.a}`;
      close(p.real, ref.assoc.real[key]!);
      close(p.synthetic, ref.assoc.synthetic[key]!);
      sum += p.absDiff;
    }
    close(report.meanAssociationDiff, sum / 6);
    assert.deepEqual(report.pairs.map((p) => p.measure), ['pearson', 'eta', 'eta', 'eta', 'eta', 'cramersV']);
  });
  it('reports missing shares and matches columns by name', () => {
    const real: FidelityColumn[] = [
      { name: 'a', kind: 'numeric', values: Float64Array.of(1, NaN, 3, 4) },
      { name: 'b', kind: 'categorical', values: Int32Array.of(0, 1, -1, 1), categories: ['x', 'y', 'z'] },
    ];
    const syn: FidelityColumn[] = [
      { name: 'b', kind: 'categorical', values: Int32Array.of(0, 1) },
      { name: 'a', kind: 'numeric', values: Float64Array.of(1, 2) },
    ];
    const r = compareTables(real, syn);
    assert.equal(r.columns[0]!.missingReal, 0.25);
    assert.equal(r.columns[1]!.missingReal, 0.25);
    assert.equal(r.columns[1]!.missingSynthetic, 0);
    close(r.columns[1]!.distance, 0.5 * (Math.abs(0.25 - 0.5) + Math.abs(0.5 - 0.5) + 0 + 0.25));
  });
  it('names the problem when the tables do not line up', () => {
    const a: FidelityColumn = { name: 'a', kind: 'numeric', values: Float64Array.of(1) };
    assert.throws(() => compareTables([a], []), { name: 'UserError', message: /no column "a"/ });
    assert.throws(() => compareTables([a], [{ name: 'a', kind: 'categorical', values: Int32Array.of(0) }]), { name: 'UserError', message: /numeric in the real table/ });
    assert.throws(() => compareTables([{ name: 'c', kind: 'categorical', values: Int32Array.of(-2) }], [{ name: 'c', kind: 'categorical', values: Int32Array.of(0) }]), { name: 'UserError', message: /code -2/ });
  });
});
