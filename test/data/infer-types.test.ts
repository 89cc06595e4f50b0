import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTypeInferrer, inferColumnTypes, parseNumeric } from '../../src/data/index.js';
import { fixture } from './helpers.js';

describe('type inference', () => {
  it('parses plain numbers only, with integer flag and decimals', () => {
    assert.deepEqual(parseNumeric('42'), { value: 42, integer: true, decimals: 0 });
    assert.deepEqual(parseNumeric('-1.250'), { value: -1.25, integer: false, decimals: 3 });
    assert.deepEqual(parseNumeric('5e-3'), { value: 0.005, integer: false, decimals: 3 });
    assert.deepEqual(parseNumeric('1.5E2'), { value: 150, integer: false, decimals: 0 });
    assert.deepEqual(parseNumeric('.5'), { value: 0.5, integer: false, decimals: 1 });
    for (const bad of ['', 'abc', '1,000', '0x10', 'Infinity', '1e400', '1.2.3', ' 1']) assert.equal(parseNumeric(bad), null, bad);
  });

  it('infers integer, numeric and categorical columns with counts, ranges, decimals and categories', () => {
    const inferrer = createTypeInferrer(['i', 'f', 'c', 'mixed', 'empty']);
    const rows: (string | null)[][] = [
      ['3', '1.5', 'b', '1', null],
      ['-2', '2', 'a', '2', null],
      [null, '0.125', null, 'x', null],
      ['10', null, 'b', '3', null],
    ];
    rows.forEach((r) => inferrer.add(r));
    const [i, f, c, mixed, empty] = inferrer.result();
    assert.deepEqual(i, { name: 'i', type: 'integer', count: 3, missing: 1, min: -2, max: 10, decimals: 0, categories: [], highCardinality: false });
    assert.deepEqual(f, { name: 'f', type: 'numeric', count: 3, missing: 1, min: 0.125, max: 2, decimals: 3, categories: [], highCardinality: false });
    assert.equal(c!.type, 'categorical');
    assert.deepEqual(c!.categories, ['a', 'b']);
    assert.ok(Number.isNaN(c!.min));
    // Numeric-looking values seen before the first text value are still categories.
    assert.equal(mixed!.type, 'categorical');
    assert.deepEqual(mixed!.categories, ['1', '2', '3', 'x']);
    assert.equal(empty!.type, 'categorical');
    assert.equal(empty!.missing, 4);
    assert.deepEqual(empty!.categories, []);
  });

  it('caps distinct values and flags high cardinality', () => {
    const inferrer = createTypeInferrer(['id'], { maxCategories: 10 });
    for (let k = 0; k < 50; k++) inferrer.add([`id-${k}`]);
    const [id] = inferrer.result();
    assert.equal(id!.type, 'categorical');
    assert.equal(id!.highCardinality, true);
    assert.equal(id!.categories.length, 10);
  });

  it('reads a CSV file', async () => {
    const stats = await inferColumnTypes(fixture('missing.csv'));
    assert.deepEqual(
      stats.map((s) => [s.name, s.type, s.missing]),
      [
        ['age', 'integer', 2],
        ['workclass', 'categorical', 1],
        ['income', 'categorical', 1],
      ],
    );
    assert.deepEqual(stats[1]!.categories, ['?', 'Private', 'State-gov']);
  });
});
