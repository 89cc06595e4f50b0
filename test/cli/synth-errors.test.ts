import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { privkit } from './run-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/synth/${name}`, import.meta.url));

test('bad input to synth: one sentence, exit 2, no output file', () => {
  const cases: [string[], RegExp][] = [
    [[fixture('people.csv'), '--target', 'salary'], /no target column 'salary'/i],
    [[fixture('one-class.csv'), '--target', 'label'], /target column .*label/i],
    [[fixture('people.csv'), '--target', 'label', '--epsilon', '0'], /epsilon|ε/i],
    [[fixture('people.csv'), '--target', 'label', '--epsilon', '-1'], /epsilon|ε/i],
    [[fixture('people.csv'), '--target', 'label', '--delta', '1'], /delta|δ/i],
    [[fixture('people.csv'), '--target', 'label', '--schema', fixture('contradicting-schema.json')], /green|red|categor|income|decimal/i],
    [[fixture('empty.csv'), '--target', 'label'], /empty/i],
    [[fixture('people.csv')], /--out is required/],
    [[fixture('people.csv'), '--target', 'label', '--rounding', 'nearest'], /--rounding applies to image synthesis/],
  ];
  for (const [args, message] of cases) {
    const dir = mkdtempSync(join(tmpdir(), 'privkit-bad-'));
    const withOut = args.length > 1 || args[0] !== fixture('people.csv') ? [...args, '--out', join(dir, 'synth.csv')] : args;
    const r = privkit(['synth', ...withOut]);
    assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.deepEqual(readdirSync(dir), [], 'no output or temp file left behind');
  }
});
