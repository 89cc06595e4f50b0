// `privkit bayes logreg` end to end on a generated CSV, and its bad-input sentences.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(['bayes', 'logreg', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, interactive: false });
  return { code, out, err };
}

/** A table where y depends on a numeric x and a category c. */
function writeTable(path: string, n: number, seed: number, classes = ['no', 'yes']): void {
  const rng = createRng(seed), lines = ['x,c,y'];
  for (let i = 0; i < n; i++) {
    const x = Math.round(rng.uniform() * 100), c = ['a', 'b', 'c'][rng.int(3)]!;
    const z = (x - 50) / 12 + (c === 'a' ? 1.5 : c === 'b' ? -1.5 : 0);
    lines.push(`${x},${c},${classes[rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : (rng.int(classes.length - 1) * 2) % classes.length]}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('privkit bayes logreg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-bayes-logreg-'));
  const train = join(dir, 'train.csv'), test = join(dir, 'test.csv');
  writeTable(train, 6000, 1);
  writeTable(test, 2000, 2);

  it('fits a private posterior, scores the test set and spends exactly the budget', async () => {
    const r = await cli(['--csv', train, '--target', 'y', '--test-csv', test, '--epsilon', '2', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { positiveClass: string; coefficients: { name: string; mean: number; sd: number }[]; test: { rocAuc: number }; privacy: { spent: { epsilon: number }; ledger: { adjacency: string; entries: { label: string }[] } } };
    assert.equal(j.positiveClass, 'yes');
    assert.ok(j.test.rocAuc > 0.8, `AUC ${j.test.rocAuc}`);
    const x = j.coefficients.find((c) => c.name === 'x')!;
    assert.ok(x.mean > 0 && x.sd > 0, `x: ${x.mean} ± ${x.sd}`);
    assert.ok(j.privacy.spent.epsilon <= 2 && j.privacy.spent.epsilon > 1.99);
    assert.equal(j.privacy.ledger.adjacency, 'add-remove-one');
    assert.ok(j.privacy.ledger.entries.some((e) => e.label === 'VIPS expected sufficient statistics'));
    const text = await cli(['--csv', train, '--target', 'y', '--epsilon', '2']);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /Posterior \(mean ± sd\)/);
    assert.match(text.out, /Privacy ledger/);
  });

  it('refuses bad input with one sentence and exit 2', async () => {
    const three = join(dir, 'three.csv');
    writeTable(three, 3000, 3, ['p', 'q', 'r']);
    const cases: [string[], RegExp][] = [
      [['--target', 'y'], /--csv is required/],
      [['--csv', train], /--target is required/],
      [['--csv', train, '--target', 'nope'], /no target column 'nope'/i],
      [['--csv', three, '--target', 'y'], /needs a target with 2 classes/],
      [['--csv', train, '--target', 'y', '--sampling-rate', '2'], /--sampling-rate must be in \(0, 1\]/],
      [['--csv', train, '--target', 'y', '--epsilon', '-1'], /ε/],
    ];
    for (const [args, pattern] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, pattern);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.equal(r.out, '');
    }
  });
});
