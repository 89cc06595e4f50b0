import assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { createEncoder, parseSchema, type Schema } from '../../src/data/index.js';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { composed, createLedger, epsilonOfEvent } from '../../src/privacy/index.js';
import { estimateSchema, PREPROCESSING_ORDERS, type EstimateResult } from '../../src/estimate/index.js';
import { fixture, fractionAtMost, fractionBelow, generatedDataset, rejectsUser } from './helpers.js';

afterEach(() => UNSAFE_seedPrivacyNoiseForTesting(null));

const column = (schema: Schema, name: string) => {
  const c = schema.columns.find((x) => x.name === name);
  assert.ok(c, `no column ${name}`);
  return c;
};

describe('estimateSchema on a generated 20,000-row table', () => {
  const data = generatedDataset();
  const source = { text: data.text, name: 'generated.csv' };
  let result: EstimateResult;
  let ledger: ReturnType<typeof createLedger>;
  let progress: number[];

  before(async () => {
    UNSAFE_seedPrivacyNoiseForTesting(21);
    ledger = createLedger({ epsilon: 10, delta: 1e-5 });
    progress = [];
    result = await estimateSchema({
      source, ledger, budget: { epsilon: 2, delta: 1e-6 }, target: 'label', onProgress: (n) => progress.push(n), boundsMethod: 'quantile',
    });
    UNSAFE_seedPrivacyNoiseForTesting(null);
  });

  it('detects the types, decimals and missingness', () => {
    const s = result.schema;
    assert.deepEqual(s.columns.map((c) => [c.name, c.type]), [
      ['age', 'integer'], ['income', 'numeric'], ['score', 'numeric'], ['color', 'categorical'], ['city', 'categorical'], ['label', 'categorical'],
    ]);
    assert.deepEqual((column(s, 'income') as { format?: unknown }).format, { decimals: 2 });
    assert.deepEqual((column(s, 'score') as { format?: unknown }).format, { decimals: 1 });
    for (const c of s.columns) {
      assert.equal(c.public, false);
      assert.equal(c.estimated, true, c.name);
      assert.equal(c.clip, true, c.name);
      assert.equal(c.missing, true, `${c.name}: estimated columns may always be missing`);
    }
    const city = result.decisions.columns.find((c) => c.name === 'city')!;
    assert.ok(Math.abs(city.format!.missingFraction - 0.05) < 0.01, `noisy missing fraction ${city.format!.missingFraction}`);
    assert.equal(result.decisions.columns.find((c) => c.name === 'label')!.typeFrom, 'target');
  });

  it('releases bounds near the requested quantiles, integers rounded outward', () => {
    for (const name of ['age', 'income', 'score']) {
      const decision = result.decisions.columns.find((c) => c.name === name)!;
      const [lo, hi] = decision.bounds!.bounds;
      const [qlo, qhi] = decision.bounds!.quantiles!;
      assert.ok(qlo >= 0.005 && qlo < 0.01 && qhi > 0.99 && qhi <= 0.995, `${name}: levels ${qlo}, ${qhi}`);
      const values = data.columns[name]!;
      // lo is a qlo-quantile up to ±1% of the rows: few values below it, enough at or below it.
      assert.ok(fractionBelow(values, lo) <= qlo + 0.01 && fractionAtMost(values, lo) >= qlo - 0.01, `${name}: lower bound ${lo}`);
      assert.ok(fractionBelow(values, hi) <= qhi + 0.01 && fractionAtMost(values, hi) >= qhi - 0.01, `${name}: upper bound ${hi}`);
      assert.deepEqual(column(result.schema, name).type === 'categorical' ? null : (column(result.schema, name) as { bounds?: unknown }).bounds, [lo, hi]);
    }
    const [ageLo, ageHi] = result.decisions.columns.find((c) => c.name === 'age')!.bounds!.bounds;
    assert.ok(Number.isInteger(ageLo) && Number.isInteger(ageHi));
    const [scoreLo] = result.decisions.columns.find((c) => c.name === 'score')!.bounds!.bounds;
    assert.ok(scoreLo < -4, `score has negative values: ${scoreLo}`);
    assert.equal(Math.round(scoreLo * 10) / 10, scoreLo, 'rounded to the column decimals');
  });

  it('keeps the frequent categories, sorted, and drops one held by a single row', () => {
    const s = result.schema;
    assert.deepEqual((column(s, 'color') as { categories?: unknown }).categories, ['blue', 'green', 'red']);
    assert.deepEqual((column(s, 'city') as { categories?: unknown }).categories, ['Athens', 'Berlin', 'Cairo', 'Dakar', 'Essen']);
    assert.deepEqual((column(s, 'label') as { categories?: unknown }).categories, ['no', 'yes']);
  });

  it('releases a noisy row count and registers every release with its details', () => {
    const rc = result.decisions.rowCount!;
    assert.ok(Math.abs(rc.noisy - 20000) < 5 * rc.std, `noisy row count ${rc.noisy} (std ${rc.std})`);
    assert.equal(result.rowCount, Math.round(rc.noisy));
    const labels = ledger.entries().map((e) => e.label);
    assert.deepEqual(labels, [
      'row count and column types',
      'bounds of age (exponential mechanism)',
      'bounds of income (exponential mechanism)',
      'bounds of score (exponential mechanism)',
      'categories of color, city, label (thresholded Gaussian histogram)',
    ]);
    const types = ledger.entries()[0]!;
    assert.equal(types.details!.sensitivity, Math.sqrt(3 * 5), 'five columns in the types vector (not the target)');
    assert.equal(types.details!.noiseStd, rc.std);
    assert.equal(types.noise! * Math.sqrt(15), rc.std);
    const categories = ledger.entries()[4]!;
    assert.equal(categories.details!.sensitivity, Math.sqrt(2 * 3));
    assert.ok((categories.details!.threshold as number) > 1);
    assert.equal(ledger.reservations().length, 1);
    assert.equal(ledger.reservedDelta(), result.decisions.reservedDelta);
    assert.ok(result.decisions.spentEpsilon <= 2);
    assert.deepEqual(progress.slice(-1), [20000]);
  });

  it('gives a schema the encoder accepts without allowUnreleasedDomains, and that round-trips', () => {
    const encoder = createEncoder(result.schema);
    assert.equal(encoder.blocks.length, 6);
    assert.deepEqual(parseSchema(JSON.parse(JSON.stringify(result.schema))), result.schema);
  });
});

describe('estimateSchema budget', () => {
  const source = fixture('small.csv');

  it('spends at most the passed budget, δ reservation included', async () => {
    const budget = { epsilon: 0.5, delta: 1e-6 };
    const ledger = createLedger({ ...budget, orders: PREPROCESSING_ORDERS });
    const result = await estimateSchema({ source, ledger, budget });
    const spent = ledger.spent();
    assert.ok(spent.epsilon <= budget.epsilon, `spent ${spent.epsilon}`);
    assert.ok(spent.epsilon > 0.95 * budget.epsilon, `the budget is used, not wasted: ${spent.epsilon}`);
    const reserved = ledger.reservedDelta();
    assert.ok(reserved > 0 && reserved <= 0.25 * budget.delta * (1 + 1e-12));
    const events = ledger.entries().map((e) => e.event);
    const recomputed = epsilonOfEvent(composed(events), { delta: budget.delta - reserved, orders: PREPROCESSING_ORDERS }).epsilon;
    assert.ok(Math.abs(recomputed - spent.epsilon) < 1e-12, 'ε is converted at budget δ − reserved δ');
    assert.equal(result.decisions.spentEpsilon, spent.epsilon);
  });

  it('fits into a larger ledger, leaving the rest for later releases', async () => {
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    await estimateSchema({ source, ledger, budget: { epsilon: 0.1, delta: 1e-6 } });
    assert.ok(ledger.spent().epsilon < 0.2, `${ledger.spent().epsilon}`);
    assert.ok(ledger.remainingEpsilon() > 0.8);
  });

  it('public columns cost nothing; a fully public schema registers nothing', async () => {
    const declared = parseSchema({
      privkit: 'schema/1',
      columns: [
        { name: 'age', type: 'integer', bounds: [0, 120], public: true },
        { name: 'job', type: 'categorical', categories: ['clerk', 'nurse', 'pilot', 'vet'], public: true },
        { name: 'label', type: 'categorical', categories: ['no', 'yes'], public: true },
      ],
    });
    const ledger = createLedger({ epsilon: 1, delta: 1e-5 });
    const result = await estimateSchema({ source, ledger, budget: { epsilon: 0.1, delta: 1e-6 }, userSchema: declared, target: 'label' });
    assert.equal(ledger.entries().length, 0);
    assert.equal(ledger.reservations().length, 0);
    assert.equal(result.rowCount, null);
    assert.deepEqual(result.schema.columns, declared.columns);
  });

  it('a partial schema: public columns untouched, the others estimated and paid for', async () => {
    const declared = parseSchema({
      privkit: 'schema/1',
      columns: [
        { name: 'label', type: 'categorical', categories: ['no', 'yes'], public: true },
        { name: 'age', type: 'integer', bounds: [0, 120], public: true },
        { name: 'job', type: 'categorical', public: false },
      ],
    });
    UNSAFE_seedPrivacyNoiseForTesting(31);
    const ledger = createLedger({ epsilon: 10, delta: 1e-5 });
    const result = await estimateSchema({ source, ledger, budget: { epsilon: 5, delta: 1e-6 }, userSchema: declared, target: 'label' });
    assert.deepEqual(result.schema.columns.map((c) => c.name), ['label', 'age', 'job'], 'the schema order');
    assert.deepEqual(result.schema.columns[0], declared.columns[0]);
    assert.deepEqual(result.schema.columns[1], declared.columns[1]);
    assert.deepEqual(ledger.entries().map((e) => e.label), ['row count', 'categories of job (thresholded Gaussian histogram)']);
    assert.equal(ledger.entries()[0]!.details!.sensitivity, 1);
    const job = result.schema.columns[2]!;
    assert.equal(job.estimated, true);
    assert.equal(job.type, 'categorical');
    createEncoder(result.schema);
  });

  it('a schema inferred from the data has its types estimated again', async () => {
    const inferred = parseSchema({
      privkit: 'schema/1',
      source: 'inferred-from-data',
      columns: [
        { name: 'age', type: 'categorical', categories: ['33'], public: false },
        { name: 'job', type: 'categorical', public: false },
        { name: 'label', type: 'categorical', categories: ['no', 'yes'], public: true },
      ],
    });
    UNSAFE_seedPrivacyNoiseForTesting(32);
    const ledger = createLedger({ epsilon: 100, delta: 1e-5 });
    const result = await estimateSchema({ source, ledger, budget: { epsilon: 50, delta: 1e-6 }, userSchema: inferred });
    assert.equal(result.schema.columns[0]!.type, 'integer');
    assert.equal(result.schema.source, 'user');
    assert.equal(result.schema.warning, undefined);
  });
});

describe('estimateSchema: columns without releasable categories', () => {
  it('keeps an identifier column categorical with an empty domain, always missing, and says so', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(51);
    const ledger = createLedger({ epsilon: 10, delta: 1e-5 });
    const result = await estimateSchema({ source: fixture('ids.csv'), ledger, budget: { epsilon: 5, delta: 1e-6 }, target: 'label' });
    const id = column(result.schema, 'id');
    assert.deepEqual(id, {
      name: 'id', type: 'categorical', categories: [], missing: true, public: false, estimated: true, clip: true,
      note: id.note,
    });
    assert.match(id.note!, /no category is frequent enough to be released privately \(threshold ≈ \d+ rows\)/);
    assert.ok(result.decisions.notes.some((n) => /^id: no category could be released privately/.test(n)));
    assert.deepEqual((column(result.schema, 'color') as { categories?: unknown }).categories, ['blue', 'red']);
    const encoder = createEncoder(result.schema);
    assert.equal(encoder.blocks[0]!.width, 1, 'only the missing slot');
  });

  it('refuses a categorical column with more distinct values than maxCategories', async () => {
    const ledger = createLedger({ epsilon: 10, delta: 1e-5 });
    await rejectsUser(
      () => estimateSchema({ source: fixture('ids.csv'), ledger, budget: { epsilon: 5, delta: 1e-6 }, maxCategories: 50 }),
      /Column 'id' has more than 50 distinct values, too many to estimate its categories privately; drop it, group its values/,
    );
  });
});

describe('estimateSchema noise', () => {
  it('the released row count has the calibrated std σ·Δ (repeated releases, secure noise)', async () => {
    const runs = 300;
    const noisy: number[] = [];
    let std = NaN;
    for (let i = 0; i < runs; i++) {
      const ledger = createLedger({ epsilon: 10, delta: 1e-5 });
      const result = await estimateSchema({ source: fixture('small.csv'), ledger, budget: { epsilon: 1, delta: 1e-6 } });
      const entry = ledger.entries()[0]!;
      // Three columns in the types vector (age, job, label): Δ = √(3·3).
      assert.equal(entry.details!.sensitivity, 3);
      std = entry.noise! * 3;
      assert.equal(result.decisions.rowCount!.std, std);
      noisy.push(result.decisions.rowCount!.noisy);
    }
    const mean = noisy.reduce((a, b) => a + b, 0) / runs;
    const sd = Math.sqrt(noisy.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs - 1));
    // Standard errors: of the mean std/√n, of the sample std ≈ std/√(2n) (4.1% here); allow 4 of each.
    assert.ok(Math.abs(mean - 40) < (4 * std) / Math.sqrt(runs), `mean ${mean} vs 40`);
    assert.ok(Math.abs(sd / std - 1) < 4 / Math.sqrt(2 * runs), `sample std ${sd} vs σ·Δ = ${std}`);
  });
});

describe('estimateSchema bad input', () => {
  const source = fixture('small.csv');
  const ledger = () => createLedger({ epsilon: 1, delta: 1e-5 });
  const budget = { epsilon: 0.1, delta: 1e-6 };

  it('a missing target column', async () => {
    await rejectsUser(() => estimateSchema({ source, ledger: ledger(), budget, target: 'salary' }), /There is no target column 'salary' in small\.csv; pass one of: age, job, label\./);
  });

  it('a target with one releasable class', async () => {
    // 39 'yes' and one 'no': at ε = 8 the threshold lets 'yes' through but (with probability ≥ 1 − δ) not 'no'.
    UNSAFE_seedPrivacyNoiseForTesting(41);
    const l = createLedger({ epsilon: 10, delta: 1e-5 });
    await rejectsUser(
      () => estimateSchema({ source: fixture('one-rare-class.csv'), ledger: l, budget: { epsilon: 8, delta: 1e-6 }, target: 'label' }),
      /The target column label has only one category that can be released privately at this budget \(threshold ≈ \d+ rows\); raise the pre-processing budget, declare its classes public/,
    );
    await rejectsUser(
      () => estimateSchema({ source, ledger: ledger(), budget, target: 'label' }),
      /The target column label has no category that can be released privately/,
    );
  });

  it('ε ≤ 0, a bad δ, or a budget the ledger cannot afford', async () => {
    for (const epsilon of [0, -1, Number.NaN]) {
      await rejectsUser(() => estimateSchema({ source, ledger: ledger(), budget: { epsilon, delta: 1e-6 } }), /The pre-processing budget ε must be a positive number/);
    }
    await rejectsUser(() => estimateSchema({ source, ledger: ledger(), budget: { epsilon: 0.1, delta: 0 } }), /budget δ must be in \(0, 1\)/);
    const small = createLedger({ epsilon: 0.05, delta: 1e-5 });
    await rejectsUser(() => estimateSchema({ source, ledger: small, budget: { epsilon: 1, delta: 1e-6 } }), /over the ledger's budget ε = 0\.05/);
    assert.equal(small.entries().length, 0, 'nothing registered');
  });

  it('a schema that does not match the CSV, or a non-categorical target', async () => {
    const schema = (columns: unknown[]) => parseSchema({ privkit: 'schema/1', columns });
    const two = schema([{ name: 'age', type: 'integer', public: false }, { name: 'job', type: 'categorical', public: false }]);
    await rejectsUser(() => estimateSchema({ source, ledger: ledger(), budget, userSchema: two }), /has a column 'label' that the schema does not list/);
    const four = schema([
      { name: 'age', type: 'integer', public: false }, { name: 'job', type: 'categorical', public: false },
      { name: 'label', type: 'categorical', public: false }, { name: 'city', type: 'categorical', public: false },
    ]);
    await rejectsUser(() => estimateSchema({ source, ledger: ledger(), budget, userSchema: four }), /has no column 'city' but the schema lists it/);
    const numericTarget = schema([
      { name: 'age', type: 'integer', public: false }, { name: 'job', type: 'categorical', public: false },
      { name: 'label', type: 'integer', public: false },
    ]);
    await rejectsUser(() => estimateSchema({ source, ledger: ledger(), budget, userSchema: numericTarget, target: 'label' }), /target column 'label' is declared integer/);
  });
});
