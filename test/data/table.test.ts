import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  bundledDatasetPath,
  checkTableAgainstSchema,
  getColumn,
  parseSchema,
  readTable,
  tableFromRows,
  tableToRows,
  writeTable,
  type CategoricalColumn,
  type NumericColumn,
} from '../../src/data/index.js';
import { filesIn, fixture, rejectsUser, tempDir, throwsUser } from './helpers.js';

const schema = parseSchema({
  privkit: 'schema/1',
  columns: [
    { name: 'income', type: 'categorical', categories: ['<=50K', '>50K'], missing: true, public: true },
    { name: 'age', type: 'integer', bounds: [17, 90], missing: true, public: true },
    { name: 'workclass', type: 'categorical', missing: true, public: false },
  ],
});

const csv = (body: string): { text: string; name: string } => ({ text: `age,workclass,income\n${body}`, name: 'people.csv' });

describe('table', () => {
  it('reads columnar data in schema order: Float64 with NaN, Int32 codes with -1', async () => {
    const table = await readTable(fixture('missing.csv'), { schema });
    assert.equal(table.rowCount, 4);
    assert.deepEqual(table.columns.map((c) => c.name), ['income', 'age', 'workclass']);
    const income = getColumn(table, 'income') as CategoricalColumn;
    assert.deepEqual([...income.codes], [0, 1, -1, 0]);
    assert.deepEqual(income.categories, ['<=50K', '>50K']);
    const age = getColumn(table, 'age') as NumericColumn;
    assert.ok(age.values instanceof Float64Array);
    assert.deepEqual([...age.values], [39, 50, NaN, NaN]);
    // No declared categories (to be estimated privately): collected from the data, sorted.
    const workclass = getColumn(table, 'workclass') as CategoricalColumn;
    assert.deepEqual(workclass.categories, ['?', 'Private', 'State-gov']);
    assert.deepEqual([...workclass.codes], [2, -1, 1, 0]);
  });

  it('infers a schema when none is given (marked as inferred)', async () => {
    const table = await readTable(fixture('crlf.csv'));
    assert.equal(table.schema.source, 'inferred-from-data');
    assert.deepEqual(table.columns.map((c) => c.type), ['integer', 'categorical', 'numeric']);
  });

  it('writes back and reads the same table (formatting integers and decimals)', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const s = parseSchema({
        privkit: 'schema/1',
        columns: [
          { name: 'x', type: 'numeric', bounds: [0, 10], format: { decimals: 2 }, missing: true, public: true },
          { name: 'n', type: 'integer', bounds: [-5, 5], public: true },
          { name: 'c', type: 'categorical', categories: ['a, b', 'NA', 'z'], public: true },
        ],
      });
      const table = tableFromRows(s, [
        [1.5, 3, 'a, b'],
        [null, -5, 'NA'],
        ['2.25', '4', 'z'],
      ]);
      assert.deepEqual([...tableToRows(table)], [
        ['1.50', '3', 'a, b'],
        [null, '-5', 'NA'],
        ['2.25', '4', 'z'],
      ]);
      const path = join(dir, 't.csv.gz');
      assert.equal(await writeTable(path, table), 3);
      const back = await readTable(path, { schema: s });
      assert.deepEqual(back, table);
    } finally {
      await cleanup();
    }
  });

  it('reads the bundled UCI Adult test set with a shared label domain', async () => {
    const table = await readTable(bundledDatasetPath('adult-test'));
    assert.equal(table.rowCount, 16281);
    assert.equal(table.columns.length, 15);
    const income = getColumn(table, 'income') as CategoricalColumn;
    assert.deepEqual(income.categories, ['<=50K', '>50K']);
    const workclass = getColumn(table, 'workclass') as CategoricalColumn;
    assert.ok([...workclass.codes].some((c) => c === -1), '? is read as missing');
    assert.equal(getColumn(table, 'age').type, 'integer');
  });
});

describe('table: data that contradicts the schema is a UserError naming line, column, value and fix', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown category', '39,Private,>=50K\n', /^people\.csv line 2 has the value '>=50K' in column 'income', which is not among its categories; add it to "categories"/],
    ['non-numeric', '39,Private,>50K\nold,Private,>50K\n', /^people\.csv line 3 has the value 'old' in column 'age', which the schema declares integer; fix the value or make 'age' categorical\.$/],
    ['non-integer', '39.5,Private,>50K\n', /line 2 has the value '39\.5' in column 'age', which the schema declares integer; fix the value or change the type of 'age' to "numeric"/],
    ['out of bounds', '39,Private,>50K\n\n120,Private,>50K\n', /^people\.csv line 4 has the value 120 in column 'age', outside its bounds \[17, 90\]; widen the bounds or set "clip": true/],
  ];
  for (const [label, body, pattern] of cases) {
    it(label, async () => {
      await rejectsUser(readTable(csv(body), { schema }), pattern);
    });
  }

  it('missing value where the schema forbids it', async () => {
    const strict = parseSchema({ privkit: 'schema/1', columns: [{ name: 'a', type: 'integer', bounds: [0, 9], public: true }] });
    await rejectsUser(readTable({ text: 'a\n1\n?\n', name: 'a.csv' }, { schema: strict }), /^a\.csv line 3 has no value in column 'a', but the schema says it cannot be missing; fill in the value or set "missing": true/);
  });

  it('a column the schema lacks, or a schema column the data lacks', async () => {
    await rejectsUser(readTable({ text: 'age,workclass,income,extra\n1,a,b,c\n', name: 'p.csv' }, { schema }), /^p\.csv has a column 'extra' that the schema does not list; add it to the schema/);
    await rejectsUser(readTable({ text: 'age,income\n20,>50K\n', name: 'p.csv' }, { schema }), /^p\.csv has no column 'workclass' but the schema lists it;/);
  });

  it('clip: true accepts out-of-bounds numbers (kept as is) and reads unknown categories as missing', async () => {
    const clipping = parseSchema({
      privkit: 'schema/1',
      columns: [
        { name: 'age', type: 'integer', bounds: [17, 90], clip: true, public: true },
        { name: 'workclass', type: 'categorical', categories: ['Private'], missing: true, clip: true, public: true },
        { name: 'income', type: 'categorical', categories: ['<=50K', '>50K'], public: true },
      ],
    });
    const table = await readTable(csv('120,Martian,>50K\n'), { schema: clipping });
    assert.deepEqual([...(getColumn(table, 'age') as NumericColumn).values], [120]);
    assert.deepEqual([...(getColumn(table, 'workclass') as CategoricalColumn).codes], [-1]);
  });

  it('checkTableAgainstSchema checks an in-memory table', async () => {
    const table = await readTable(fixture('missing.csv'), { schema });
    checkTableAgainstSchema(table, schema);
    const narrower = parseSchema({
      privkit: 'schema/1',
      columns: [
        { name: 'income', type: 'categorical', categories: ['<=50K', '>50K'], missing: true, public: true },
        { name: 'age', type: 'integer', bounds: [17, 45], missing: true, public: true },
        { name: 'workclass', type: 'categorical', categories: ['Private', 'State-gov', '?'], missing: true, public: true },
      ],
    });
    throwsUser(() => checkTableAgainstSchema(table, narrower), /^row 2 of the table has the value 50 in column 'age', outside its bounds \[17, 45\];/);
    const fewer = parseSchema({ ...JSON.parse(JSON.stringify(narrower)), columns: [{ name: 'workclass', type: 'categorical', categories: ['Private', '?'], missing: true, public: true }, narrower.columns[0], { ...narrower.columns[1], bounds: [0, 99] }] });
    throwsUser(() => checkTableAgainstSchema(table, fewer), /^row 1 of the table has the value 'State-gov' in column 'workclass', which is not among its categories;/);
    const retyped = parseSchema({ privkit: 'schema/1', columns: [narrower.columns[0], { name: 'age', type: 'categorical', categories: ['39'], missing: true, public: true }, narrower.columns[2]] });
    throwsUser(() => checkTableAgainstSchema(table, retyped), /^column 'age' is integer in the table but categorical in the schema;/);
    const extra = parseSchema({ privkit: 'schema/1', columns: [...narrower.columns, { name: 'zip', type: 'integer', public: false }] });
    throwsUser(() => checkTableAgainstSchema(table, extra), /^the table has no column 'zip' but the schema lists it;/);
  });

  it('leaves no output file behind when writing a table fails', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const table = tableFromRows(schema, [['>50K', 30, 'x']]);
      await rejectsUser(writeTable(join(dir, 'missing-dir', 'out.csv'), table), /does not exist; create it first/);
      assert.deepEqual(await filesIn(dir), []);
    } finally {
      await cleanup();
    }
  });
});
