// `privkit eval` on images: a small run end to end, and bad input answered with one sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeIdx } from '../../src/data/idx.js';
import { barImages, SIDE } from '../eval/image-fixtures.js';
import { privkit } from './run-cli.js';

async function fixtures(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-eval-images-'));
  const files: Record<string, string> = {};
  const put = async (name: string, shape: number[], data: Uint8Array | Float32Array) => {
    files[name] = join(dir, name);
    await writeIdx(files[name], data instanceof Float32Array ? { dtype: 'float32', shape, data } : { dtype: 'ubyte', shape, data });
  };
  const synth = barImages(300, 1), real = barImages(120, 2);
  await put('synth-images.idx.gz', [300, SIDE, SIDE], synth.pixels);
  await put('synth-labels.idx.gz', [300], Uint8Array.from(synth.labels));
  // as `privkit synth --rounding none` writes them: float32 values in [0, 255]
  await put('synth-float.idx', [300, SIDE, SIDE], Float32Array.from(synth.pixels, (v) => Math.min(255, v + 0.37)));
  await put('real-images.idx', [120, SIDE, SIDE], real.pixels);
  await put('real-labels.idx', [120], Uint8Array.from(real.labels));
  await put('short-labels.idx', [100], Uint8Array.from(real.labels.subarray(0, 100)));
  await put('small-images.idx', [120, 8, 8], real.pixels.subarray(0, 120 * 64));
  return files;
}

const args = (f: Record<string, string>, over: Record<string, string> = {}): string[] => Object.entries({
  '--real-images': f['real-images.idx']!, '--real-labels': f['real-labels.idx']!,
  '--synthetic-images': f['synth-images.idx.gz']!, '--synthetic-labels': f['synth-labels.idx.gz']!, ...over,
}).flat();

test('eval on images: every classifier and the CNN, as JSON and as a table', async () => {
  const f = await fixtures();
  const json = privkit(['eval', ...args(f), '--cnn-epochs', '3', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { perClassifier: { name: string; accuracy: number }[]; mean12: { accuracy: number; used: number }; cnn: { accuracy: number }; classes: number };
  assert.equal(report.perClassifier.length, 12);
  assert.equal(report.mean12.used, 12);
  assert.equal(report.classes, 4);
  for (const c of report.perClassifier) assert.ok(c.accuracy > 0.5, `${c.name}: ${c.accuracy}`);
  assert.ok(report.cnn.accuracy > 0.4, `CNN: ${report.cnn.accuracy}`);
  const table = privkit(['eval', ...args(f), '--cnn-epochs', '0']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /MEAN of the 12 \(papers' suite\)/);
  assert.match(table.stdout, /^LogReg +\d\.\d{3}/m);
  assert.doesNotMatch(table.stdout, /^CNN/m);
  assert.match(table.stdout, /not a private release/);
});

test('eval on images reads unrounded (float32) synthetic images', async () => {
  const f = await fixtures();
  const r = privkit(['eval', ...args(f, { '--synthetic-images': f['synth-float.idx']! }), '--cnn-epochs', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { perClassifier: { name: string; accuracy: number }[] };
  assert.equal(report.perClassifier.length, 12);
  for (const c of report.perClassifier) assert.ok(c.accuracy > 0.5, `${c.name}: ${c.accuracy}`);
});

test('eval --linear converged reaches the protocol (the report\'s notes say how LogReg was fitted, fitEnd how each fit ended)', async () => {
  const f = await fixtures();
  const run = (extra: string[]) => {
    const r = privkit(['eval', ...args(f), '--cnn-epochs', '0', '--json', ...extra]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { perClassifier: { name: string; note?: string; fitEnd?: { stop: string; on: string } }[] }).perClassifier;
  };
  const converged = run(['--linear', 'converged']), capped = run([]);
  assert.match(converged.find((c) => c.name === 'LogReg')!.note ?? '', /run to sklearn's gradient test/);
  assert.match(capped.find((c) => c.name === 'LogReg')!.note ?? '', /stopped after 100 iterations/);
  assert.deepEqual(converged.filter((c) => c.fitEnd).map((c) => [c.name, c.fitEnd!.on]), [['LogReg', 'sum'], ['LinearSVM', 'sum']]);
  assert.deepEqual(capped.filter((c) => c.fitEnd).map((c) => [c.name, c.fitEnd!.on]), [['LogReg', 'mean'], ['LinearSVM', 'mean']]);
  const table = privkit(['eval', ...args(f), '--cnn-epochs', '0', '--linear', 'converged']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /How the iterative fits ended:\n {2}LogReg: stopped by .* L-BFGS iterations .*\n {2}LinearSVM: stopped by .* on the summed objective/);
});

test('bad input to eval on images: one sentence, exit 2', async () => {
  const f = await fixtures();
  const cases: [string[], RegExp][] = [
    [args(f, { '--real-images': join(tmpdir(), 'no-such-file.idx') }), /no-such-file/],
    [args(f, { '--real-labels': f['short-labels.idx']! }), /120 images but .*100 labels/],
    [[...args(f), '--classes', '3'], /label 3 .*outside 0\.\.2/],
    [args(f, { '--real-images': f['small-images.idx']! }), /8×8×1 images but .*10×10×1/],
    [[...args(f), '--target', 'label'], /--target is for tables/],
    [args(f).slice(0, 6), /--synthetic-labels is required/],
    [[...args(f), '--cap-images', '-5'], /--cap-images/],
    [[...args(f), '--paper', 'dp-gan'], /--paper must be one of dp-merf, dp-hp, got 'dp-gan'/],
    [[...args(f), '--linear', 'exact'], /--linear must be one of capped, converged, got 'exact'/],
    // Image options with tables: refused, not silently ignored (the CSVs need not exist for this check).
    [['--real', 'test.csv', '--synthetic', 'synth.csv', '--target', 'y', '--paper', 'dp-hp'], /--paper is for images; with tables pass --real, --synthetic and --target/],
    [['--real', 'test.csv', '--synthetic', 'synth.csv', '--target', 'y', '--linear', 'converged'], /--linear is for images/],
  ];
  for (const [argv, message] of cases) {
    const r = privkit(['eval', ...argv]);
    assert.equal(r.code, 2, `${argv.join(' ')} → exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});
