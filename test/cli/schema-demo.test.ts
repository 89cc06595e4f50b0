import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privkit } from './run-cli.js';

test('schema prints an inferred schema marked as derived from the data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-schema-'));
  const csv = join(dir, 'people.csv');
  writeFileSync(csv, 'age,city,income\n31,Oslo,1200.5\n45,?,900.25\n29,Bergen,\n');
  const r = privkit(['schema', csv]);
  assert.equal(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout) as { source: string; warning: string; columns: { name: string; type: string; public: boolean }[] };
  assert.equal(schema.source, 'inferred-from-data');
  assert.match(schema.warning, /NOT private/);
  assert.deepEqual(schema.columns.map((c) => [c.name, c.type, c.public]), [['age', 'integer', false], ['city', 'categorical', false], ['income', 'numeric', false]]);
  const out = join(dir, 'schema.json');
  assert.equal(privkit(['schema', csv, '--out', out]).code, 0);
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { source: string }).source, 'inferred-from-data');
});

test('schema on a missing or malformed file: one sentence, exit 2, no output file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-schema-'));
  const missing = privkit(['schema', join(dir, 'nope.csv'), '--out', join(dir, 's.json')]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b\n1,2\n3,4,5\n');
  const r = privkit(['schema', bad, '--out', join(dir, 's.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /line 3/);
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  assert.equal(privkit(['schema', empty, '--out', join(dir, 's.json')]).code, 2);
  assert.deepEqual(readdirSync(dir).sort(), ['bad.csv', 'empty.csv']);
});

test('demo runs on the bundled data and prints the privacy spent', () => {
  const r = privkit(['demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ε = \d/);
});
