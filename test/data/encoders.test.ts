import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEncoder, parseSchema, tableFromRows, tableToRows, type CellInput, type Encoder } from '../../src/data/index.js';
import { seededRandom, throwsUser } from './helpers.js';

const schema = parseSchema({
  privkit: 'schema/1',
  columns: [
    { name: 'age', type: 'integer', bounds: [17, 90], public: true },
    { name: 'hours', type: 'numeric', bounds: [0, 99.5], format: { decimals: 1 }, missing: true, public: true },
    { name: 'work', type: 'categorical', categories: ['Private', 'State-gov', 'Self-emp'], missing: true, public: true },
    { name: 'sex', type: 'categorical', categories: ['F', 'M'], public: true },
    { name: 'gain', type: 'numeric', bounds: [-1, 1], format: { decimals: 4 }, public: true },
  ],
});

function norm(v: ArrayLike<number>, from = 0, to = v.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

function randomRow(rand: () => number): CellInput[] {
  return [
    17 + Math.floor(rand() * 74),
    rand() < 0.2 ? null : Math.round(rand() * 995) / 10,
    rand() < 0.2 ? null : ['Private', 'State-gov', 'Self-emp'][Math.floor(rand() * 3)]!,
    rand() < 0.5 ? 'F' : 'M',
    Math.round((rand() * 2 - 1) * 10_000) / 10_000,
  ];
}

describe('encoders', () => {
  const encoder: Encoder = createEncoder(schema);

  it('lays out one block per column: scalar (+missing slot) or one-hot (+missing slot)', () => {
    assert.deepEqual(
      encoder.blocks.map((b) => [b.name, b.offset, b.width, b.missingSlot, b.maxNorm, b.exact]),
      [
        ['age', 0, 1, -1, 1, true],
        ['hours', 1, 2, 1, 1, true],
        ['work', 3, 4, 3, 1, true],
        ['sex', 7, 2, -1, 1, true],
        ['gain', 9, 1, -1, 1, true],
      ],
    );
    assert.equal(encoder.width, 10);
    assert.equal(encoder.maxRowNorm, Math.sqrt(5));
  });

  it('encodes one-hot categories, scaled numerics and missing indicators', () => {
    assert.deepEqual([...encoder.encodeRow([90, null, 'State-gov', 'M', 0])], [1, 0, 1, 0, 1, 0, 0, 0, 1, 0.5]);
    assert.deepEqual([...encoder.encodeRow([17, 99.5, null, 'F', -1])], [0, 1, 0, 0, 0, 0, 1, 1, 0, 0]);
  });

  it('round-trips exactly for values on the grid, with every block norm ≤ 1 and row norm ≤ maxRowNorm', () => {
    const rand = seededRandom(1);
    const rows = Array.from({ length: 2000 }, () => randomRow(rand));
    const table = tableFromRows(schema, rows);
    const matrix = encoder.encodeTable(table);
    assert.equal(matrix.length, rows.length * encoder.width);
    rows.forEach((row, r) => {
      const o = r * encoder.width;
      assert.deepEqual(encoder.encodeRow(row), matrix.subarray(o, o + encoder.width));
      for (const b of encoder.blocks) assert.ok(norm(matrix, o + b.offset, o + b.offset + b.width) <= 1 + 1e-6);
      assert.ok(norm(matrix.subarray(o, o + encoder.width)) <= encoder.maxRowNorm + 1e-6);
      assert.deepEqual(encoder.decodeRow(matrix, o), row);
    });
    const decoded = encoder.decodeTable(matrix);
    assert.deepEqual([...tableToRows(decoded)], [...tableToRows(table)]);
    assert.ok(decoded.columns.every((c, j) => c.type === table.columns[j]!.type));
  });

  it('clips out-of-bounds values when the schema allows it (and rejects them otherwise)', () => {
    const clipping = parseSchema({ privkit: 'schema/1', columns: [{ name: 'x', type: 'integer', bounds: [0, 10], clip: true, public: true }] });
    const enc = createEncoder(clipping);
    assert.deepEqual([...enc.encodeRow([25])], [1]);
    assert.deepEqual([...enc.encodeRow([-3])], [0]);
    assert.deepEqual(enc.decodeRow([1.7]), [10]);
    throwsUser(() => encoder.encodeRow([120, null, null, 'F', 0]), /value 120 in column 'age', outside its bounds \[17, 90\]/);
    throwsUser(() => encoder.encodeRow([20, null, 'Nope', 'F', 0]), /value 'Nope' in column 'work', which is not among its categories/);
    throwsUser(() => encoder.encodeRow([20, null, null, null, 0]), /no value in column 'sex', but the schema says it cannot be missing/);
    throwsUser(() => encoder.encodeRow([20]), /has 1 values but the schema has 5 columns/);
  });

  it('decodes noisy vectors by argmax, rounding integers and decimals, and restores missing when its slot wins', () => {
    const v = [0.5, 0.3012, 0.6, 0.1, 0.9, 0.2, 0.3, 0.6, 0.4, 0.75];
    assert.deepEqual(encoder.decodeRow(v), [54, null, 'State-gov', 'F', 0.5]);
    const w = [0.501, 0.312, 0.1, 0.1, 0.2, 0.2, 0.7, 0.3, 0.4, 0.12345];
    // 17 + 0.501·73 = 53.57 → 54; 0.312·99.5 = 31.044 → 31 (one decimal); missing slot of work wins.
    assert.deepEqual(encoder.decodeRow(w), [54, 31, null, 'M', -0.7531]);
  });

  it('decodes by sampling with a given RNG, in proportion to the block values', () => {
    const rand = seededRandom(3);
    const v = new Float32Array(encoder.width);
    v.set([0.2, 0.1, 0.2, 0.6, 0.2, 0, -1, 3], 1); // hours: P(missing) = .1; work: P = .2, .6, .2, missing 0; sex: M
    const counts = new Map<string | null, number>();
    let hoursMissing = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const row = encoder.decodeRow(v, 0, { sample: rand });
      counts.set(row[2] as string | null, (counts.get(row[2] as string | null) ?? 0) + 1);
      if (row[1] === null) hoursMissing++;
      assert.equal(row[3], 'M', 'negative values count as 0');
    }
    assert.ok(Math.abs(counts.get('State-gov')! / n - 0.6) < 0.04);
    assert.ok(Math.abs(counts.get('Private')! / n - 0.2) < 0.04);
    assert.equal(counts.get(null), undefined);
    assert.ok(Math.abs(hoursMissing / n - 0.1) < 0.03, 'missing indicator read as a probability');
    // Same seed, same draws.
    const a = seededRandom(9);
    const b = seededRandom(9);
    assert.deepEqual(encoder.decodeRow(v, 0, { sample: a }), encoder.decodeRow(v, 0, { sample: b }));
  });

  it('gives a constant column (lo = hi, never missing) norm 0, and computes maxRowNorm exactly', () => {
    const s = parseSchema({
      privkit: 'schema/1',
      columns: [
        { name: 'k', type: 'integer', bounds: [5, 5], public: true },
        { name: 'c', type: 'categorical', categories: ['a'], missing: true, public: true },
      ],
    });
    const enc = createEncoder(s);
    assert.deepEqual([...enc.encodeRow([5, null])], [0, 0, 1]);
    assert.deepEqual(enc.decodeRow([0.7, 0, 1]), [5, null]);
    assert.equal(enc.maxRowNorm, 1);
  });

  it('flags numeric blocks whose grid is finer than float32 can decode exactly', () => {
    const s = parseSchema({
      privkit: 'schema/1',
      columns: [
        { name: 'fine', type: 'numeric', bounds: [0, 1e6], format: { decimals: 3 }, public: true },
        { name: 'free', type: 'numeric', bounds: [0, 1], public: true },
        { name: 'big', type: 'integer', bounds: [0, 2 ** 24], public: true },
      ],
    });
    assert.deepEqual(createEncoder(s).blocks.map((b) => b.exact), [false, false, true]);
  });

  it('refuses domains that are neither public nor privately estimated, unless explicitly allowed', () => {
    const s = parseSchema({ privkit: 'schema/1', columns: [{ name: 'a', type: 'integer', bounds: [0, 9], public: false }] });
    throwsUser(() => createEncoder(s), /^column 'a' has a domain that is neither public nor privately estimated/);
    assert.equal(createEncoder(s, { allowUnreleasedDomains: true }).width, 1);
    const noDomain = parseSchema({ privkit: 'schema/1', columns: [{ name: 'c', type: 'categorical', public: false }] });
    throwsUser(() => createEncoder(noDomain, { allowUnreleasedDomains: true }), /^column 'c' has no categories, so it cannot be encoded;/);
  });

  it('encodes a table whose category list differs from the schema by name, not by code', () => {
    const inTable = parseSchema({ privkit: 'schema/1', columns: [{ name: 'c', type: 'categorical', categories: ['z', 'a'], public: true }] });
    const inEncoder = parseSchema({ privkit: 'schema/1', columns: [{ name: 'c', type: 'categorical', categories: ['a', 'b', 'z'], public: true }] });
    const table = tableFromRows(inTable, [['a'], ['z']]);
    assert.deepEqual([...createEncoder(inEncoder).encodeTable(table)], [1, 0, 0, 0, 0, 1]);
  });
});
