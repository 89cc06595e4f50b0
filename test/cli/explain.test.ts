// privkit explain on a generated table whose label depends on one column only: the global ranking
// puts it first without privacy and at ε = 8, the ledger holds both DP-SGD runs within the budget,
// --compare reads the files back, and bad input gets one sentence, a non-zero exit and no file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { privkit } from './run-cli.js';

/** label = yes iff signal > 50; color and noise are irrelevant. */
function writeTable(dir: string, n: number, seed: number): { csv: string; schema: string } {
  const rng = createRng(seed);
  const lines = ['signal,color,noise,label'];
  for (let i = 0; i < n; i++) {
    const signal = Math.round(rng.uniform() * 100);
    lines.push(`${signal},${['blue', 'green', 'red'][rng.int(3)]},${(rng.uniform() * 10).toFixed(2)},${signal > 50 ? 'yes' : 'no'}`);
  }
  const csv = join(dir, 'table.csv'), schema = join(dir, 'schema.json');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  writeFileSync(schema, JSON.stringify({
    privkit: 'schema/1', source: 'user', columns: [
      { name: 'signal', type: 'integer', bounds: [0, 100], public: true },
      { name: 'color', type: 'categorical', categories: ['blue', 'green', 'red'], public: true },
      { name: 'noise', type: 'numeric', bounds: [0, 10], public: true },
      { name: 'label', type: 'categorical', categories: ['no', 'yes'], public: true },
    ],
  }));
  return { csv, schema };
}

interface Ranked { mode: string; ranking: { feature: string; importance: number }[]; privacy: { spent?: { epsilon: number }; entries?: { label: string }[] } | null }

test('explain: the one relevant column ranks first without privacy and with DP-SGD at ε = 8; --compare prints the KL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-explain-'));
  const { csv, schema } = writeTable(dir, 3000, 1);
  const plain = join(dir, 'plain.json'), priv = join(dir, 'private.json');
  const p = privkit(['explain', '--csv', csv, '--target', 'label', '--schema', schema, '--out', plain, '--json']);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stderr, /No privacy/);
  const pr = JSON.parse(p.stdout) as Ranked;
  assert.equal(pr.ranking[0]!.feature, 'signal', JSON.stringify(pr.ranking));
  assert.equal(pr.privacy, null);
  const q = privkit(['explain', '--csv', csv, '--target', 'label', '--schema', schema, '--public-size', '3000', '--epsilon', '8', '--importance-clip', '0.2', '--out', priv, '--json']);
  assert.equal(q.code, 0, q.stderr);
  const qr = JSON.parse(q.stdout) as Ranked & { privacy: { entries: { label: string }[]; spent: { epsilon: number } } };
  assert.equal(qr.ranking[0]!.feature, 'signal', JSON.stringify(qr.ranking));
  assert.deepEqual(qr.privacy.entries.map((e) => e.label), ['Q-FIT classifier (DP-SGD)', 'Q-FIT importance (DP-SGD on θ)']);
  assert.ok(qr.privacy.spent.epsilon <= 8 && qr.privacy.spent.epsilon > 7.9, `spent ${qr.privacy.spent.epsilon}`);
  const stored = JSON.parse(readFileSync(priv, 'utf8')) as { settings: { importanceClip: number; classifierClip: number } };
  assert.deepEqual([stored.settings.importanceClip, stored.settings.classifierClip], [0.2, 1]);
  const c = privkit(['explain', '--compare', priv, plain, '--json']);
  assert.equal(c.code, 0, c.stderr);
  const d = JSON.parse(c.stdout) as { kl: number; reverseKl: number; l2: number };
  assert.ok(d.kl > 0 && Number.isFinite(d.kl) && d.reverseKl > 0 && d.l2 >= 0, c.stdout);
  const self = JSON.parse(privkit(['explain', '--compare', plain, plain, '--json']).stdout) as { kl: number };
  assert.ok(Math.abs(self.kl) < 1e-9, `KL of a file with itself: ${self.kl}`);
});

test('explain: bad input gets one sentence, a non-zero exit and no output file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-explain-bad-'));
  const { csv, schema } = writeTable(dir, 200, 2);
  const out = join(dir, 'never.json');
  // An explanation whose φ lost an entry, and one whose φ holds a negative concentration.
  const shortPhi = join(dir, 'short.json'), negativePhi = join(dir, 'negative.json');
  const file = { format: 'privkit-explanation', version: 1, mode: 'global', target: 'label', features: ['a', 'b'], importance: [0.5, 0.5], privacy: null, settings: {} };
  writeFileSync(shortPhi, JSON.stringify({ ...file, phi: [1] }));
  writeFileSync(negativePhi, JSON.stringify({ ...file, phi: [1, -2] }));
  const localRows = join(dir, 'local.json');
  writeFileSync(localRows, JSON.stringify({ ...file, mode: 'local', rows: [[1, 2], [1, Number.NaN]] }));
  const cases: [string[], RegExp][] = [
    [['--csv', csv, '--target', 'label', '--delta', '1e-6', '--out', out], /--delta only matters with --epsilon/],
    [['--csv', csv, '--target', 'label', '--importance-clip', '0.5', '--out', out], /--importance-clip is a DP-SGD setting/],
    [['--csv', csv, '--target', 'label', '--epsilon', '1', '--classifier-clip', '0', '--out', out], /--classifier-clip must be a positive number/],
    [['--compare', shortPhi, negativePhi], /short\.json is damaged: 'phi' is not 2 positive numbers/],
    [['--compare', negativePhi, negativePhi], /negative\.json is damaged/],
    [['--csv', csv, '--target', 'label', '--epsilon', '1', '--delta', '2', '--out', out], /--delta must be a number in \(0, 1\)/],
    [['--compare', localRows, localRows], /row 2 of 'rows' is not 2 positive numbers/],
    [['--csv', csv, '--target', 'label', '--local', '--epsilon', '1', '--out', out], /give --rows FILE/],
    [['--csv', csv, '--out', out], /needs --csv FILE and --target COLUMN/],
    [['--csv', csv, '--target', 'label', '--rows', csv, '--out', out], /add --local/],
    [['--csv', csv, '--target', 'nope', '--schema', schema, '--out', out], /no target column 'nope'/],
    [['--compare', csv], /takes two explanation files/],
    [['--compare', csv, schema], /Cannot read the explanation|is not an explanation/],
  ];
  for (const [args, message] of cases) {
    const r = privkit(['explain', ...args]);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, message, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!existsSync(out));
  }
});

test('explain --local: one explanation per row of --rows, written per row and compared row by row', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-explain-local-'));
  const { csv, schema } = writeTable(dir, 1500, 3);
  const rows = join(dir, 'rows.csv');
  writeFileSync(rows, 'signal,color,noise\n10,red,1.5\n90,blue,7.25\n55,green,3\n');
  const a = join(dir, 'a.json'), b = join(dir, 'b.json');
  for (const [out, extra] of [[a, []], [b, ['--epsilon', '8', '--public-size', '1500']]] as const) {
    const r = privkit(['explain', '--csv', csv, '--target', 'label', '--schema', schema, '--local', '--rows', rows, '--epochs', '3', '--out', out, ...extra]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Local \(mean over 3 rows\)/);
  }
  const c = privkit(['explain', '--compare', b, a, '--json']);
  assert.equal(c.code, 0, c.stderr);
  const d = JSON.parse(c.stdout) as { mode: string; rows: number; kl: number };
  assert.equal(d.mode, 'local');
  assert.equal(d.rows, 3);
  assert.ok(Number.isFinite(d.kl) && d.kl > 0, c.stdout);
  const mixed = privkit(['explain', '--compare', a, join(dir, '..', 'missing.json')]);
  assert.notEqual(mixed.code, 0);
});
