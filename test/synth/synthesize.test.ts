import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initEngine } from '../../src/engine/index.js';
import { readCsvAll, readSchema } from '../../src/data/index.js';
import { synthesize } from '../../src/synth/synthesize.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/synth/${name}`, import.meta.url));
const quick = { hp: { epochs: 3, stepsPerEpoch: 10 }, merf: { steps: 30, features: 200 }, ntk: { steps: 30, width: 50 }, common: { batchSize: 200 } };

before(async () => { await initEngine(); });

test('DP-HP end to end: same columns and formats, values in the released domains, ledger within budget', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'privkit-synth-')), 'synth.csv');
  const report = await synthesize({ input: fixture('people.csv'), output: out, epsilon: 2, delta: 1e-5, target: 'label', rows: 400, seed: 3, ...quick });
  const { columns, rows } = await readCsvAll(out);
  assert.deepEqual(columns, ['age', 'color', 'income', 'label']);
  assert.equal(rows.length, 400);
  const schema = report.settings.decisions as { columns: { name: string; bounds?: { bounds: [number, number] }; categories?: { released: number } }[] };
  const ageBounds = schema.columns.find((c) => c.name === 'age')!.bounds!.bounds;
  for (const [age, color, income, label] of rows) {
    if (age !== null) {
      assert.match(age, /^-?\d+$/, 'integers stay integers');
      assert.ok(Number(age) >= ageBounds[0] && Number(age) <= ageBounds[1]);
    }
    assert.ok(color === null || ['blue', 'green', 'red'].includes(color), `color ${color}`);
    assert.ok(income === null || /^\d+(\.\d)?$/.test(income), `income keeps one decimal: ${income}`);
    assert.ok(label === 'yes' || label === 'no');
  }
  assert.ok(report.privacy.spent.epsilon <= 2 + 1e-9 && report.privacy.spent.epsilon > 1.99);
  const labels = report.privacy.entries.map((e) => e.label);
  for (const expected of ['row count and column types', 'class counts', 'mean embedding: sum kernel over columns']) {
    assert.ok(labels.includes(expected), `ledger lists '${expected}': ${labels.join(' | ')}`);
  }
  assert.ok(labels.some((l) => l.startsWith('bounds of')) && labels.some((l) => l.startsWith('categories of')));
  assert.equal(report.noiseSeededForTesting, false);
  assert.deepEqual(report.treatedAsPublic, ['column names and order (CSV header)']);
});

test('a fully public schema costs nothing for pre-processing; DP-MERF runs the same core', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'privkit-synth-')), 'synth.csv');
  const schema = await readSchema(fixture('people-schema.json'));
  const report = await synthesize({ input: fixture('people.csv'), output: out, method: 'merf', epsilon: 1, delta: 1e-5, target: 'label', schema, rows: 100, seed: 4, ...quick });
  assert.deepEqual(report.privacy.entries.map((e) => e.label), ['class counts', 'mean embedding: random Fourier features (200) and one-hot categoricals']);
  assert.ok(report.privacy.spent.epsilon <= 1);
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 101);
  assert.deepEqual(report.treatedAsPublic, ['column names and order (CSV header)', 'what the schema declares public (--schema)']);
});

test('without a target every row is one class and the row count is released', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'privkit-synth-')), 'synth.csv');
  const report = await synthesize({ input: fixture('people.csv'), output: out, epsilon: 2, delta: 1e-5, rows: 50, seed: 5, ...quick });
  assert.ok(report.privacy.entries.some((e) => e.label === 'row count'));
  assert.equal(report.classes.length, 0);
  const { columns, rows } = await readCsvAll(out);
  assert.deepEqual(columns, ['age', 'color', 'income', 'label']);
  assert.equal(rows.length, 50);
});

test('DP-NTK on a table end to end: rows written, tangent-feature release in the ledger, budget met', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'privkit-synth-')), 'synth.csv');
  const report = await synthesize({ input: fixture('people.csv'), output: out, method: 'ntk', epsilon: 2, delta: 1e-5, target: 'label', rows: 100, seed: 2, ...quick });
  const { columns, rows } = await readCsvAll(out);
  assert.deepEqual(columns, ['age', 'color', 'income', 'label']);
  assert.equal(rows.length, 100);
  assert.ok(report.privacy.spent.epsilon <= 2 + 1e-9 && report.privacy.spent.epsilon > 1.99);
  assert.ok(report.privacy.entries.some((e) => e.label.startsWith('mean embedding: neural tangent features')), report.privacy.entries.map((e) => e.label).join(' | '));
  assert.ok(Number.isFinite(report.finalLoss));
});
