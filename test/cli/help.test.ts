import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privkit } from './run-cli.js';

const commands = ['demo', 'account', 'schema'];

test('privkit --help lists every command', () => {
  const r = privkit(['--help']);
  assert.equal(r.code, 0);
  for (const c of commands) assert.match(r.stdout, new RegExp(`^  ${c}\\s`, 'm'));
});

test('every command --help lists its options, with defaults where they have one', () => {
  for (const c of commands) {
    const r = privkit([c, '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: privkit/);
    assert.match(r.stdout, /--help/);
  }
  const account = privkit(['account', '--help']).stdout;
  for (const o of ['noise', 'epsilon', 'delta', 'sampling-rate', 'steps', 'conversion', 'analytic-gaussian', 'sensitivity', 'json']) {
    assert.match(account, new RegExp(`--${o}\\b`));
  }
  assert.match(account, /--conversion .*\(default: improved\)/);
  assert.match(account, /--sensitivity .*\(default: 1\)/);
});

test('an unknown command is one sentence and exit 2', () => {
  const r = privkit(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
});

test('privkit bayes lists its sub-commands; each has --help; an unknown one is one sentence and exit 2', () => {
  const group = privkit(['bayes', '--help']);
  assert.equal(group.code, 0, group.stderr);
  for (const sub of ['logreg', 'lda', 'sep']) {
    assert.match(group.stdout, new RegExp(`bayes ${sub}\\s`));
    const r = privkit(['bayes', sub, '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Usage: privkit bayes ${sub}`));
  }
  const bad = privkit(['bayes', 'gibbs']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown sub-command 'gibbs'; use one of logreg, lda, sep/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
