import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEncoder, parseSchema } from '../../src/data/index.js';

// A privately estimated column is `clip`: its released type tolerates a few stray values, so one
// row's content must never abort a run after the schema was released (that would leak the row).
test('clip columns read non-numbers as missing and round fractions of integer columns', () => {
  const schema = parseSchema({
    privkit: 'schema/1', source: 'user',
    columns: [{ name: 'x', type: 'integer', bounds: [0, 10], public: false, estimated: true, clip: true, missing: true }],
  });
  const encoder = createEncoder(schema);
  assert.deepEqual(Array.from(encoder.encodeRow(['a'])), [0, 1]);
  assert.deepEqual(encoder.decodeRow(encoder.encodeRow(['2.5'])), [3]);
  assert.deepEqual(encoder.decodeRow(encoder.encodeRow(['99'])), [10]);
});

test('without clip, a stray value is still one clear error', () => {
  const schema = parseSchema({ privkit: 'schema/1', source: 'user', columns: [{ name: 'x', type: 'integer', bounds: [0, 10], public: true }] });
  assert.throws(() => createEncoder(schema).encodeRow(['a']), /declares integer/);
});
