import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bundledDatasetPath, bundledDatasets, openCsv } from '../../src/data/index.js';

const COLUMNS = [
  'age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation',
  'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income',
];

describe('bundled datasets', () => {
  it('resolves adult-train and adult-test from the package root', async () => {
    assert.deepEqual(bundledDatasets(), ['adult-train', 'adult-test']);
    for (const name of bundledDatasets()) {
      const path = bundledDatasetPath(name);
      assert.ok(existsSync(path), path);
      assert.match(path, /datasets\/adult\/adult-(train|test)\.csv\.gz$/);
    }
  });

  it('ships UCI Adult train with a header, the label domain and ? as missing', async () => {
    const file = await openCsv(bundledDatasetPath('adult-train'));
    assert.deepEqual(file.columns, COLUMNS);
    let rows = 0;
    let missing = 0;
    const labels = new Set<string | null>();
    for await (const record of file.rows) {
      rows++;
      labels.add(record.values[14]!);
      if (record.values.includes(null)) missing++;
    }
    assert.equal(rows, 32561);
    assert.deepEqual([...labels].sort(), ['<=50K', '>50K']);
    assert.equal(missing, 2399);
  });
});
