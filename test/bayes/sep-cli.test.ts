// `privkit bayes sep` through main() with captured output (the shared dist/ is not used).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';

after(() => UNSAFE_seedPrivacyNoiseForTesting(null));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(['bayes', 'sep', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, interactive: false });
  return { code, out, err };
}

describe('privkit bayes sep', () => {
  it('mog: JSON with per-component posteriors, the distance to SEP, and a ledger within budget', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(1);
    const r = await cli(['--model', 'mog', '--num-data', '200', '--epochs', '2', '--epsilon', '2', '--compare', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { components: { mean: number[]; covarianceDiagonal: number[] }[]; distanceToNonPrivateSep: { mean: number }; ledger: { spent: { epsilon: number }; adjacency: string }; steps: number; noiseSeededForTesting: boolean };
    assert.equal(j.components.length, 4);
    assert.equal(j.components[0]!.mean.length, 4);
    assert.ok(j.distanceToNonPrivateSep.mean >= 0);
    assert.ok(j.ledger.spent.epsilon <= 2);
    assert.equal(j.ledger.adjacency, 'add-remove-one');
    assert.equal(j.steps, 400);
    assert.equal(j.noiseSeededForTesting, true);
  });

  it('text output names the method, the noise and the ledger; --non-private says it is not private', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(2);
    const r = await cli(['--model', 'logreg', '--num-data', '150', '--epochs', '2']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /DP-SEP on generated logistic-regression data/);
    assert.match(r.out, /w1 +-?[\d.e-]+ ± /);
    assert.match(r.out, /noise multiplier σ = /);
    assert.match(r.out, /Privacy ledger \(add\/remove-one/);
    const np = await cli(['--model', 'mog', '--num-data', '100', '--epochs', '2', '--non-private']);
    assert.equal(np.code, 0, np.err);
    assert.match(np.out, /SEP \(NOT private\)/);
    assert.doesNotMatch(np.out, /ledger/);
  });

  it('logreg on a CSV: schema and count released through the ledger, binary target required', async () => {
    UNSAFE_seedPrivacyNoiseForTesting(3);
    const dir = mkdtempSync(join(tmpdir(), 'privkit-sep-'));
    const rng = createRng(5);
    const rows = ['age,color,label'];
    for (let i = 0; i < 400; i++) {
      const age = 20 + Math.floor(rng.uniform() * 50), color = ['red', 'blue'][rng.int(2)]!;
      rows.push(`${age},${color},${rng.uniform() < 1 / (1 + Math.exp(-(age - 45) / 8)) ? 'yes' : 'no'}`);
    }
    writeFileSync(join(dir, 'd.csv'), `${rows.join('\n')}\n`);
    const r = await cli(['--model', 'logreg', '--csv', join(dir, 'd.csv'), '--target', 'label', '--epochs', '2', '--epsilon', '3', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { weights: { name: string }[]; ledger: { entries: { label: string }[]; spent: { epsilon: number } }; positiveClass: string };
    assert.ok(j.weights.some((w) => w.name === '(intercept)'));
    assert.ok(j.ledger.entries.length >= 2, JSON.stringify(j.ledger.entries.map((e) => e.label)));
    assert.equal(j.ledger.entries.at(-1)!.label, 'DP-SEP site updates');
    assert.ok(j.ledger.spent.epsilon <= 3);
    const bad = await cli(['--model', 'logreg', '--csv', join(dir, 'd.csv'), '--target', 'age', '--epochs', '1']);
    assert.equal(bad.code, 2, bad.err);
    assert.match(bad.err, /target/); // a numeric column is no binary target
  });

  it('bad input gets one sentence naming the fix', async () => {
    for (const args of [['--model', 'mog', '--csv', 'x.csv'], ['--epochs', '0'], ['--gamma', '-1'], ['--model', 'logreg', '--csv', 'x.csv'], ['--target', 'y']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /--|;/, r.err);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });
});
