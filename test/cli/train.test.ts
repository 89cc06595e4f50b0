// privkit train / predict end to end on small generated data (no files outside the repo).
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '../../src/data/idx.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { cpuSecondsUsed, privkit } from './run-cli.js';

/** 16×16 images of 3 classes: a bright horizontal band at rows 2–5, 6–9 or 10–13, plus noise. */
function writeBands(dir: string, name: string, n: number, seed: number, labelShift = 0): { images: string; labels: string } {
  const rng = createRng(seed);
  const pixels = new Uint8Array(n * 256), labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.int(3);
    labels[i] = y + labelShift;
    for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) {
      const band = r >= 2 + 4 * y && r < 6 + 4 * y;
      pixels[i * 256 + r * 16 + c] = Math.min(255, Math.floor((band ? 160 : 20) + rng.uniform() * 90));
    }
  }
  const images = join(dir, `${name}-images.idx`), labelsPath = join(dir, `${name}-labels.idx`);
  writeFileSync(images, encodeIdx({ dtype: 'ubyte', shape: [n, 16, 16], data: pixels }));
  writeFileSync(labelsPath, encodeIdx({ dtype: 'ubyte', shape: [n], data: labels }));
  return { images, labels: labelsPath };
}

test('train a private CNN on images, save it, and predict with it (same accuracy)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-train-'));
  const train = writeBands(dir, 'train', 600, 1), testSet = writeBands(dir, 'test', 150, 2);
  const model = join(dir, 'model.json');
  const r = privkit(['train', '--train-images', train.images, '--train-labels', train.labels, '--test-images', testSet.images, '--test-labels', testSet.labels,
    '--classes', '3', '--epsilon', '4', '--batch-size', '100', '--epochs', '4', '--lr', '2', '--seed', '3', '--public-size', '600', '--out', model, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { testAccuracy: number; epsilon: number; noiseMultiplier: number; steps: number; ledger: { entries: { label: string }[] } };
  assert.deepEqual(out.ledger.entries.map((e) => e.label), ['DP-SGD training']);
  assert.ok(out.epsilon <= 4 && out.epsilon > 3.99, `ε ${out.epsilon}`);
  assert.equal(out.steps, 24);
  assert.ok(out.testAccuracy > 0.7, `accuracy ${out.testAccuracy} (chance is 0.33)`);
  const p = privkit(['predict', '--model', model, '--images', testSet.images, '--labels', testSet.labels, '--out', join(dir, 'pred.csv'), '--json']);
  assert.equal(p.code, 0, p.stderr);
  assert.equal((JSON.parse(p.stdout) as { accuracy: number }).accuracy, out.testAccuracy);
});

test('pre-pruning by magnitude on public data and public gradient dropping run, and report the trained coordinates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-train-'));
  const train = writeBands(dir, 'train', 300, 4), pub = writeBands(dir, 'public', 100, 5);
  const r = privkit(['train', '--train-images', train.images, '--train-labels', train.labels, '--public-images', pub.images, '--public-labels', pub.labels,
    '--classes', '3', '--model', 'mlp', '--epsilon', '2', '--batch-size', '100', '--epochs', '1', '--prune', '0.8', '--prune-mode', 'magnitude',
    '--grad-drop', '0.5', '--drop-mode', 'public', '--seed', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { trainedCoordinatesPerStep: number; totalCoordinates: number; epsilon: number; ledger: { entries: { label: string }[] } };
  // Without --public-size the record count is released privately first, inside the same budget.
  assert.deepEqual(out.ledger.entries.map((e) => e.label), ['training record count', 'DP-SGD training']);
  assert.ok(out.epsilon <= 2 && out.epsilon > 1.99, `ε ${out.epsilon}`);
  // mlp 256→256→3: weights 65536 + 768 keep 20 % then half of that; biases (259) always train.
  assert.equal(out.totalCoordinates, 256 * 256 + 256 + 256 * 3 + 3);
  assert.equal(out.trainedCoordinatesPerStep, Math.round(0.5 * Math.round(0.2 * 65536)) + Math.round(0.5 * Math.round(0.2 * 768)) + 259);
});

test('train on a CSV with a public schema: logistic regression beats chance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-train-'));
  const rng = createRng(7);
  const rows = (n: number) => Array.from({ length: n }, () => {
    const a = rng.uniform() * 10, c = ['red', 'blue'][rng.int(2)]!;
    const label = a + (c === 'red' ? 3 : 0) + rng.uniform() * 2 > 7 ? 'yes' : 'no';
    return `${a.toFixed(3)},${c},${label}`;
  }).join('\n');
  writeFileSync(join(dir, 'train.csv'), `a,c,label\n${rows(2000)}\n`);
  writeFileSync(join(dir, 'test.csv'), `a,c,label\n${rows(500)}\n`);
  writeFileSync(join(dir, 'schema.json'), JSON.stringify({ privkit: 'schema/1', columns: [
    { name: 'a', type: 'numeric', bounds: [0, 10], public: true },
    { name: 'c', type: 'categorical', categories: ['red', 'blue'], public: true },
    { name: 'label', type: 'categorical', categories: ['no', 'yes'], public: true },
  ] }));
  const model = join(dir, 'm.json');
  const r = privkit(['train', '--csv', join(dir, 'train.csv'), '--target', 'label', '--test-csv', join(dir, 'test.csv'), '--schema', join(dir, 'schema.json'),
    '--model', 'logistic', '--epsilon', '2', '--batch-size', '200', '--epochs', '10', '--lr', '2', '--clip', '1', '--seed', '2', '--out', model, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { testAccuracy: number; epsilon: number };
  assert.ok(out.testAccuracy > 0.75, `accuracy ${out.testAccuracy}`);
  assert.ok(out.epsilon <= 2);
  const p = privkit(['predict', '--model', model, '--csv', join(dir, 'test.csv'), '--json']);
  assert.equal(p.code, 0, p.stderr);
  assert.equal((JSON.parse(p.stdout) as { accuracy: number }).accuracy, out.testAccuracy);
  // Rows without the target column are predicted too, one line each, in order.
  writeFileSync(join(dir, 'new.csv'), 'a,c\n9.5,red\n0.5,blue\n5,red\n');
  const q = privkit(['predict', '--model', model, '--csv', join(dir, 'new.csv'), '--out', join(dir, 'pred.csv')]);
  assert.equal(q.code, 0, q.stderr);
  assert.deepEqual(readFileSync(join(dir, 'pred.csv'), 'utf8').trim().split('\n'), ['prediction', 'yes', 'no', 'yes']);
});

test('bad training input: one sentence, exit 2, no model file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-train-'));
  const a = writeBands(dir, 'a', 50, 8), b = writeBands(dir, 'b', 40, 9), shifted = writeBands(dir, 'c', 50, 10, 5);
  const model = join(dir, 'model.json');
  const cases: Array<[string[], RegExp]> = [
    [['--train-images', a.images, '--train-labels', b.labels], /50 images but .* 40 labels/],
    [['--train-images', shifted.images, '--train-labels', shifted.labels, '--classes', '3'], /outside 0\.\.2/],
    [['--train-images', a.images], /together/],
    [['--train-images', a.images, '--train-labels', a.labels, '--classes', '3', '--prune', '0.5', '--prune-mode', 'magnitude'], /public data/],
    [['--train-images', a.images, '--train-labels', a.labels, '--classes', '3', '--prune', '1.5'], /\[0, 1\)/],
    [['--train-images', a.images, '--train-labels', a.labels, '--classes', '3', '--batch-size', '500', '--public-size', '50'], /batch size 500 exceeds the number of training records \(declared: 50\)/],
    [['--csv', a.images], /--target is required/],
  ];
  for (const [args, message] of cases) {
    const r = privkit(['train', '--batch-size', '10', ...args, '--epochs', '1', '--out', model]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!existsSync(model));
  }
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
});

test('Ctrl-C during training stops it cleanly: exit 2, one sentence, no model file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-train-'));
  const train = writeBands(dir, 'train', 600, 11);
  const model = join(dir, 'model.json');
  const bin = fileURLToPath(new URL('../../../bin/privkit.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'train', '--train-images', train.images, '--train-labels', train.labels, '--classes', '3',
    '--epsilon', '4', '--batch-size', '50', '--epochs', '1000', '--out', model]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  await cpuSecondsUsed(child.pid!, 3);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 2, stderr);
  assert.match(stderr, /Interrupted; no model was written/);
  assert.ok(!existsSync(model));
});
