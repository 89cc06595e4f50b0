// The estimator on the bundled UCI Adult training set (32,561 rows, 15 columns), at the budget the
// synthesizer gives it by default (10% of ε = 1 and of δ = 1e-5) and at ten times that. Assertions
// are loose: they hold over many noise seeds, and the noise is seeded here for reproducibility.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { bundledDatasetPath, createEncoder, inferColumnTypes, type ColumnStats, type Schema } from '../../src/data/index.js';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { createLedger, type Ledger } from '../../src/privacy/index.js';
import { estimateSchema, type EstimateResult } from '../../src/estimate/index.js';

const path = bundledDatasetPath('adult-train');

async function run(totalEpsilon: number, seed: number, boundsMethod: 'quantile' | 'histogram' = 'quantile', budget = { epsilon: 0.1 * totalEpsilon, delta: 1e-6 }): Promise<{ result: EstimateResult; ledger: Ledger }> {
  UNSAFE_seedPrivacyNoiseForTesting(seed);
  try {
    const ledger = createLedger({ epsilon: totalEpsilon, delta: 1e-5 });
    const result = await estimateSchema({ source: path, ledger, budget, target: 'income', boundsMethod });
    return { result, ledger };
  } finally {
    UNSAFE_seedPrivacyNoiseForTesting(null);
  }
}

const categoriesOf = (schema: Schema, name: string): readonly string[] => {
  const c = schema.columns.find((x) => x.name === name)!;
  assert.equal(c.type, 'categorical', name);
  return (c as { categories: readonly string[] }).categories;
};
const boundsOf = (schema: Schema, name: string): readonly [number, number] => {
  const c = schema.columns.find((x) => x.name === name)!;
  return (c as { bounds: readonly [number, number] }).bounds;
};

describe('estimateSchema on the bundled Adult data', () => {
  let truth: ColumnStats[];
  before(async () => {
    truth = await inferColumnTypes(path); // non-private: the reference to compare against
  });

  function checkCommon(result: EstimateResult, ledger: Ledger, totalEpsilon: number): void {
    const schema = result.schema;
    assert.deepEqual(schema.columns.map((c) => [c.name, c.type]), truth.map((t) => [t.name, t.type]), 'every type as in the data');
    for (const t of truth) {
      if (t.type !== 'categorical') continue;
      for (const c of categoriesOf(schema, t.name)) assert.ok(t.categories.includes(c), `${t.name}: released '${c}' is a real category`);
    }
    assert.deepEqual(categoriesOf(schema, 'income'), ['<=50K', '>50K']);
    assert.deepEqual(categoriesOf(schema, 'sex'), ['Female', 'Male']);
    const rc = result.decisions.rowCount!;
    assert.ok(Math.abs(rc.noisy - 32561) < 5 * rc.std, `row count ${rc.noisy} ± ${rc.std}`);
    assert.ok(result.decisions.spentEpsilon <= 0.1 * totalEpsilon);
    assert.ok(ledger.spent().epsilon <= totalEpsilon);
    assert.equal(ledger.entries().length, 1 + 6 + 1, 'types, six numeric bounds, one categories release');
    createEncoder(schema);
  }

  it('at the default 10% of ε = 1: right types, coarse but sane domains', async () => {
    const { result, ledger } = await run(1, 101);
    checkCommon(result, ledger, 1);
    const [lo, hi] = boundsOf(result.schema, 'age');
    assert.ok(lo >= 17 && lo <= 30 && hi >= 45 && hi <= 90, `age bounds [${lo}, ${hi}]`);
    const [hlo, hhi] = boundsOf(result.schema, 'hours-per-week');
    assert.ok(hlo >= 1 && hlo <= 40 && hhi >= 40 && hhi <= 99, `hours bounds [${hlo}, ${hhi}]`);
    const workclass = categoriesOf(result.schema, 'workclass');
    assert.ok(workclass.length >= 3 && workclass.includes('Private'), `workclass ${workclass}`);
    // At ε = 0.1 the exponential mechanisms cannot resolve the 0.5%/99.5% quantiles of 32k rows.
    const age = result.decisions.columns.find((c) => c.name === 'age')!;
    assert.ok(age.bounds!.quantiles![0] > 0.05, 'levels moved inwards, and said so');
    assert.ok(result.decisions.notes.some((n) => n.startsWith('age: bounds taken at the')));
  });

  it('at 10% of ε = 10: bounds contain [20, 70], most categories released', async () => {
    const { result, ledger } = await run(10, 102);
    checkCommon(result, ledger, 10);
    const [lo, hi] = boundsOf(result.schema, 'age');
    assert.ok(lo <= 20 && hi >= 70 && lo >= 15 && hi <= 90, `age bounds [${lo}, ${hi}]`);
    assert.ok(categoriesOf(result.schema, 'workclass').length >= 6);
    assert.equal(categoriesOf(result.schema, 'relationship').length, 6);
    assert.equal(categoriesOf(result.schema, 'race').length, 5);
    assert.ok(categoriesOf(result.schema, 'education').length >= 12);
  });

  it('histogram bounds at the synthesizer\'s default share (10% of ρ for ε = 1) keep the tails', async () => {
    const { preprocessingBudget } = await import('../../src/synth/synthesize.js');
    const { result } = await run(1, 103, 'histogram', preprocessingBudget(1, 1e-5, 0.1));
    const [alo, ahi] = boundsOf(result.schema, 'age');
    assert.ok(alo <= 17 && ahi >= 90 && alo >= 8 && ahi <= 128, `age bounds [${alo}, ${ahi}]`);
    const [glo, ghi] = boundsOf(result.schema, 'capital-gain');
    assert.ok(glo === 0 && ghi >= 8192, `capital-gain bounds [${glo}, ${ghi}]`);
    const [llo, lhi] = boundsOf(result.schema, 'capital-loss');
    assert.ok(llo === 0 && lhi >= 1900, `capital-loss bounds [${llo}, ${lhi}]`);
    assert.equal(result.decisions.columns.find((c) => c.name === 'age')!.bounds!.method, 'histogram');
  });
});
