import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privkit } from './run-cli.js';

test('account prints ε for a noise multiplier (TF MNIST tutorial setting)', () => {
  const r = privkit(['account', '--noise', '1.1', '--sampling-rate', '0.0042666', '--steps', '14063', '--delta', '1e-5', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { epsilon: number; delta: number; order: number; noiseMultiplier: number };
  // Opacus 1.5.4 gives 2.5966555 at q = 256/60000 = 0.0042667; q = 0.0042666 is a hair smaller.
  assert.ok(Math.abs(out.epsilon - 2.5966) < 1e-3, `${out.epsilon}`);
  assert.equal(out.order, 8.1);
  assert.equal(out.delta, 1e-5);
  assert.equal(out.noiseMultiplier, 1.1);
  const text = privkit(['account', '--noise', '1.1', '--sampling-rate', '0.0042666', '--steps', '14063', '--delta', '1e-5']);
  assert.match(text.stdout, /^ε = 2\.59\d+ at δ = 1e-5/);
});

test('account prints the noise multiplier that meets a target ε, and it does meet it', () => {
  const r = privkit(['account', '--epsilon', '3', '--delta', '1e-5', '--sampling-rate', '0.01', '--steps', '1000', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { epsilon: number; noiseMultiplier: number };
  assert.ok(out.epsilon <= 3 && out.epsilon > 2.999, `${out.epsilon}`);
  const back = JSON.parse(privkit(['account', '--noise', String(out.noiseMultiplier), '--sampling-rate', '0.01', '--steps', '1000', '--delta', '1e-5', '--json']).stdout) as { epsilon: number };
  assert.ok(back.epsilon <= 3);
});

test('account --analytic-gaussian prints σ (Balle & Wang) and inverts it', () => {
  const r = privkit(['account', '--analytic-gaussian', '--epsilon', '1', '--delta', '1e-5', '--sensitivity', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { sigma: number };
  assert.ok(Math.abs(out.sigma / 3.7306316348 - 1) < 1e-8, `${out.sigma}`);
  const back = JSON.parse(privkit(['account', '--analytic-gaussian', '--sigma', String(out.sigma), '--delta', '1e-5', '--json']).stdout) as { epsilon: number };
  assert.ok(Math.abs(back.epsilon - 1) < 1e-6);
});

test('account --conversion classic gives the classic (larger) ε', () => {
  const args = ['account', '--noise', '1.1', '--sampling-rate', String(256 / 60000), '--steps', '14063', '--delta', '1e-5', '--json'];
  const improved = JSON.parse(privkit(args).stdout) as { epsilon: number };
  const classic = JSON.parse(privkit([...args, '--conversion', 'classic']).stdout) as { epsilon: number };
  assert.ok(classic.epsilon > improved.epsilon);
});

test('bad parameters get one sentence on stderr and a non-zero exit, no stack trace', () => {
  const cases: string[][] = [
    ['account', '--noise', '1', '--sampling-rate', '1.5', '--steps', '10', '--delta', '1e-5'],
    ['account', '--noise', '0', '--sampling-rate', '0.1', '--steps', '10', '--delta', '1e-5'],
    ['account', '--noise', '1', '--sampling-rate', '0.1', '--steps', '-1', '--delta', '1e-5'],
    ['account', '--noise', '1', '--sampling-rate', '0.1', '--steps', '10', '--delta', '1'],
    ['account', '--noise', 'abc'],
    ['account', '--noise', '1', '--sampling-rate', '0.1', '--steps', '10'],
    ['account', '--frobnicate'],
    ['account', '--conversion', 'tight', '--noise', '1', '--sampling-rate', '0.1', '--steps', '10', '--delta', '1e-5'],
  ];
  for (const args of cases) {
    const r = privkit(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/);
  }
});
