import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  INFERRED_SCHEMA_WARNING,
  columnsNeedingEstimation,
  domainStatus,
  hasReleasableDomains,
  inferSchema,
  parseSchema,
  readSchema,
  withEstimatedDomain,
  writeSchema,
  type Schema,
} from '../../src/data/index.js';
import { filesIn, fixture, rejectsUser, tempDir, throwsUser } from './helpers.js';

const valid = {
  privkit: 'schema/1',
  source: 'user',
  columns: [
    { name: 'age', type: 'integer', bounds: [17, 90], missing: false, public: true },
    { name: 'hours', type: 'numeric', bounds: [0, 99.5], format: { decimals: 1 }, public: true },
    { name: 'workclass', type: 'categorical', categories: ['Private', 'State-gov'], missing: true, public: true },
    { name: 'fnlwgt', type: 'integer', public: false },
  ],
};

function withColumn(patch: Record<string, unknown>, index = 0): unknown {
  const copy = structuredClone(valid) as { columns: Record<string, unknown>[] };
  copy.columns[index] = { ...copy.columns[index], ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete copy.columns[index]![k];
  return copy;
}

describe('schema: parsing', () => {
  it('accepts a valid schema (JSON text or object) with defaults', () => {
    const schema = parseSchema(JSON.stringify(valid));
    assert.equal(schema.source, 'user');
    assert.equal(schema.columns.length, 4);
    assert.deepEqual(schema.columns[1], { name: 'hours', type: 'numeric', bounds: [0, 99.5], format: { decimals: 1 }, missing: false, public: true });
    assert.deepEqual(parseSchema(valid), schema);
  });

  const cases: [string, unknown, RegExp][] = [
    ['invalid JSON', '{"privkit": ', /^s\.json is not valid JSON/],
    ['not an object', [1], /is not a JSON object;/],
    ['wrong version', { ...valid, privkit: 'schema/9' }, /has "privkit": "schema\/9"; set it to "schema\/1"/],
    ['unknown top-level field', { ...valid, colums: [] }, /has an unknown field "colums"; remove it/],
    ['bad source', { ...valid, source: 'me' }, /has "source": "me"; use "user" or "inferred-from-data"/],
    ['no columns', { ...valid, columns: [] }, /has no "columns"; list at least one column/],
    ['unknown column field', withColumn({ bound: [1, 2] }), /column 'age' has an unknown field "bound"; remove it/],
    ['unknown type', withColumn({ type: 'float' }), /column 'age' has type "float"; use "numeric", "integer" or "categorical"/],
    ['lo > hi', withColumn({ bounds: [90, 17] }), /column 'age' has "bounds": \[90, 17\] with lo > hi; swap them/],
    ['bounds not numbers', withColumn({ bounds: [1, 'x'] }), /column 'age' has "bounds": \[1,"x"\]; write two finite numbers/],
    ['fractional integer bounds', withColumn({ bounds: [0.5, 3] }), /integer column with fractional "bounds"/],
    ['public without bounds', withColumn({ bounds: undefined }), /column 'age' is public but has no "bounds"; add "bounds": \[lo, hi\]/],
    ['empty categories', withColumn({ categories: [] }, 2), /column 'workclass' has an empty "categories" list;/],
    ['duplicate category', withColumn({ categories: ['a', 'a'] }, 2), /lists the category 'a' twice; remove the duplicate/],
    ['categories on numeric', withColumn({ categories: ['a'] }), /is integer but has "categories"/],
    ['bounds on categorical', withColumn({ bounds: [0, 1] }, 2), /is categorical but has "bounds"/],
    ['public missing', withColumn({ public: undefined }), /does not say whether it is public; add "public": true/],
    ['public not boolean', withColumn({ public: 'yes' }), /has "public": "yes"; write true or false/],
    ['public and estimated', withColumn({ estimated: true }), /is both "public" and "estimated"/],
    ['format on integer', withColumn({ format: { decimals: 0 } }), /integer column with a "format"; remove "format"/],
    ['bad decimals', withColumn({ format: { decimals: 1.5 } }, 1), /"format.decimals": 1.5; use a whole number from 0 to 15/],
    ['clip categorical without missing', withColumn({ clip: true, missing: false }, 2), /"clip": true, which reads unknown categories as missing, but "missing" is false/],
    ['duplicate column', { ...valid, columns: [valid.columns[0], valid.columns[0]] }, /lists the column 'age' twice/],
    ['column without name', withColumn({ name: '' }), /column 1 has no "name"/],
  ];
  for (const [label, input, pattern] of cases) {
    it(`rejects: ${label}`, () => {
      throwsUser(() => parseSchema(input, 's.json'), pattern);
    });
  }
});

describe('schema: domains, inference and files', () => {
  it('tracks which domains are free (public), paid (estimated) or still to estimate', () => {
    const schema = parseSchema(valid);
    assert.deepEqual(schema.columns.map(domainStatus), ['public', 'public', 'public', 'needs-estimate']);
    assert.deepEqual(columnsNeedingEstimation(schema).map((c) => c.name), ['fnlwgt']);
    assert.equal(hasReleasableDomains(schema), false);
    const estimated = withEstimatedDomain(schema, 'fnlwgt', { bounds: [10_000, 1_500_000] });
    assert.equal(domainStatus(estimated.columns[3]!), 'estimated');
    assert.deepEqual(estimated.columns[3], { name: 'fnlwgt', type: 'integer', bounds: [10_000, 1_500_000], missing: false, public: false, estimated: true, clip: true });
    assert.equal(hasReleasableDomains(estimated), true);
    assert.equal(schema.columns[3]!.estimated, undefined, 'the original schema is not modified');
    assert.throws(() => withEstimatedDomain(schema, 'age', { bounds: [0, 1] }), /is public/);
    throwsUser(() => withEstimatedDomain(schema, 'fnlwgt', { bounds: [5, 1] }), /lo > hi/);
  });

  it('infers a schema from data, marked not public with a warning', async () => {
    const schema = await inferSchema(fixture('missing.csv'));
    assert.equal(schema.source, 'inferred-from-data');
    assert.equal(schema.warning, INFERRED_SCHEMA_WARNING);
    assert.match(schema.warning!, /NOT private/);
    assert.ok(schema.columns.every((c) => c.public === false));
    assert.deepEqual(schema.columns[0], { name: 'age', type: 'integer', missing: true, public: false, bounds: [39, 50] });
    assert.deepEqual(columnsNeedingEstimation(schema).length, 3);
    assert.deepEqual(parseSchema(JSON.parse(JSON.stringify(schema))), schema, 'an inferred schema is a valid schema');
  });

  it('notes high-cardinality and all-missing columns in an inferred schema', async () => {
    let text = 'id,empty,x\n';
    for (let i = 0; i < 30; i++) text += `u${i},,${i}.25\n`;
    const schema = await inferSchema({ text }, { maxCategories: 20 });
    assert.match(schema.columns[0]!.note!, /more than 20 distinct values/);
    assert.equal(schema.columns[0]!.type === 'categorical' && schema.columns[0]!.categories!.length, 20);
    assert.match(schema.columns[1]!.note!, /every value is missing/);
    assert.deepEqual(schema.columns[2], { name: 'x', type: 'numeric', missing: false, public: false, bounds: [0.25, 29.25], format: { decimals: 2 } });
  });

  it('writes and reads schema files; a missing or bad file is a UserError', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const schema: Schema = parseSchema(valid);
      await writeSchema(join(dir, 'schema.json'), schema);
      assert.deepEqual(await readSchema(join(dir, 'schema.json')), schema);
      assert.match(await readFile(join(dir, 'schema.json'), 'utf8'), /^\{\n {2}"privkit": "schema\/1",\n {2}"source": "user",/);
      await rejectsUser(readSchema(join(dir, 'nope.json')), /nope\.json does not exist;/);
      await rejectsUser(writeSchema(join(dir, 'no', 'schema.json'), schema), /does not exist; create it first/);
      assert.deepEqual(await filesIn(dir), ['schema.json']);
    } finally {
      await cleanup();
    }
  });
});
