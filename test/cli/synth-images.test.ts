import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIdx, writeIdx } from '../../src/data/index.js';
import { cpuSecondsUsed, privkit } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'privkit-cli-images-'));
const files = {
  images: join(dir, 'images.idx.gz'), labels: join(dir, 'labels.idx'), shortLabels: join(dir, 'short-labels.idx'),
  badLabels: join(dir, 'bad-labels.idx'), oddImages: join(dir, 'odd.idx'), oddLabels: join(dir, 'odd-labels.idx'),
};

before(async () => {
  const n = 200, side = 8;
  const pixels = new Uint8Array(n * side * side), labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let j = 0; j < side; j++) pixels[i * 64 + (i % 2 === 0 ? 3 * side + j : j * side + 3)] = 255;
  }
  await writeIdx(files.images, { dtype: 'ubyte', shape: [n, side, side], data: pixels });
  await writeIdx(files.labels, { dtype: 'ubyte', shape: [n], data: labels });
  await writeIdx(files.shortLabels, { dtype: 'ubyte', shape: [n - 1], data: labels.subarray(1) });
  await writeIdx(files.badLabels, { dtype: 'ubyte', shape: [n], data: labels.map((y, i) => (i === 7 ? 12 : y)) });
  await writeIdx(files.oddImages, { dtype: 'ubyte', shape: [n, 6, 6], data: new Uint8Array(n * 36) });
  await writeIdx(files.oddLabels, { dtype: 'ubyte', shape: [n], data: labels });
});

test('privkit synth --images writes IDX images and labels, a preview, and prints the ledger', () => {
  const out = mkdtempSync(join(tmpdir(), 'privkit-synth-images-'));
  const r = privkit(['synth', '--images', files.images, '--labels', files.labels, '--classes', '2', '--method', 'merf', '--epsilon', '2',
    '--steps', '10', '--count', '30', '--out-images', join(out, 's.idx.gz'), '--out-labels', join(out, 'l.idx.gz'), '--preview', join(out, 'p.png'), '--seed', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Wrote 30 synthetic images/);
  assert.match(r.stdout, /kernel length scale/);
  assert.match(r.stdout, /class counts/);
  assert.match(r.stdout, /Treated as public \(no noise\): image shape 8×8×1 \(IDX header\); 2 classes \(--classes\)\./);
  assert.ok(existsSync(join(out, 'p.png')));
  return readIdx(join(out, 's.idx.gz')).then((a) => assert.deepEqual(a.shape, [30, 8, 8]));
});

test('privkit synth --mmd-estimator and --generator-channels are passed on (recorded in the report; the estimator\'s effect on training is tested in test/synth/images.test.ts)', async () => {
  const out = mkdtempSync(join(tmpdir(), 'privkit-synth-estimator-'));
  const run = (estimator: string[]) => {
    const report = join(out, `${estimator.join('') || 'default'}.json`);
    const r = privkit(['synth', '--images', files.images, '--labels', files.labels, '--classes', '2', '--method', 'hp', '--epsilon', '2', ...estimator,
      '--steps', '5', '--count', '10', '--out-images', join(out, 's.idx.gz'), '--out-labels', join(out, 'l.idx.gz'), '--report', report, '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(readFileSync(report, 'utf8')) as { settings: { estimator?: string; generatorChannels?: number[]; generatorParameters?: number; classDraw?: string; kernels?: string; countNoiseFactor?: number; sumWeight?: number } };
  };
  // (Comparing the two runs' losses would prove nothing: the CLI's privacy noise is not seeded.)
  const defaults = run([]).settings;
  assert.equal(defaults.estimator, 'biased');
  assert.deepEqual(defaults.generatorChannels, [16, 8]);
  assert.equal(run(['--mmd-estimator', 'unbiased', '--class-draw', 'balanced']).settings.estimator, 'unbiased');
  assert.equal(defaults.classDraw, 'random', 'DP-HP draws classes at random by default');
  assert.equal(defaults.kernels, 'sum');
  assert.equal(run(['--class-draw', 'balanced']).settings.classDraw, 'balanced');
  const products = run(['--hp-kernels', 'sum+product', '--hp-sum-weight', '3']).settings;
  assert.deepEqual([products.kernels, products.countNoiseFactor, products.sumWeight], ['sum+product', 1, 3]);
  assert.equal(defaults.countNoiseFactor, 5);
  const narrow = run(['--generator-channels', '4,2']).settings;
  assert.deepEqual(narrow.generatorChannels, [4, 2]);
  // Read off the generator that was trained, so this fails if the option does not reach it.
  assert.ok(narrow.generatorParameters! < defaults.generatorParameters!, `${narrow.generatorParameters} vs ${defaults.generatorParameters}`);
  for (const option of [['--mmd-estimator', 'unbiased'], ['--generator-channels', '64,32'], ['--moving-average', '0.001'], ['--class-draw', 'random'], ['--hp-kernels', 'sum+product'], ['--classes', '3']]) {
    const csv = privkit(['synth', 'data.csv', '--out', join(out, 'x.csv'), ...option]);
    assert.equal(csv.code, 2);
    assert.match(csv.stderr, new RegExp(`${option[0]} applies to image synthesis`));
  }
});

test('bad image input to synth: one sentence, exit 2, no output file', () => {
  const cases: [string[], RegExp][] = [
    [['--labels', files.labels], /--images|CSV/],
    [['--images', files.images], /--labels is required/],
    [['--images', files.images, '--labels', files.shortLabels], /200 images but .* 199 labels/],
    [['--images', files.images, '--labels', files.badLabels, '--classes', '2'], /label outside 0\.\.1 \(example 7\)/],
    [['--images', files.oddImages, '--labels', files.oddLabels], /divisible by 4/],
    [['--images', files.images, '--labels', files.labels, '--method', 'hp', '--length-scale', '3'], /--length-scale applies to --method merf/],
    [['--images', files.images, '--labels', files.labels, '--epsilon', '0'], /epsilon/],
    [['--images', files.images, '--labels', files.labels, '--target', 'y'], /--target applies to CSV synthesis/],
    [['--images', files.images, '--labels', files.labels, '--out', 'x.csv'], /--out applies to CSV synthesis; leave it out with --images \(images are written to --out-images and --out-labels\)/],
    [['--images', files.images, '--labels', files.labels, '--no-header'], /--no-header applies to CSV synthesis/],
    [['--images', files.images, '--labels', files.labels, '--preprocessing-share', '0.2'], /--preprocessing-share applies to CSV synthesis/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf'], /--method mepf needs --encoder/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf', '--encoder', join(dir, 'none.json')], /encoder file .* does not exist/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf', '--encoder', 'fashion-mnist'], /takes 28×28×1 images but .* holds 8×8×1/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf', '--encoder', 'x.json', '--moments', '3'], /--moments must be 1 .* or 2/],
    [['--images', files.images, '--labels', files.labels, '--method', 'hp', '--encoder', 'x.json'], /--encoder applies to --method mepf only/],
    [['--images', files.images, '--labels', files.labels, '--method', 'hp', '--moving-average', '0.001'], /--moving-average applies to --method mepf only/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf', '--encoder', 'x.json', '--moving-average', '-0.1'], /--moving-average must be an Adam rate from 0 \(off\) to 1, e\.g\. 0\.001; got -0\.1/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf', '--encoder', 'x.json', '--moving-average', '2'], /--moving-average must be an Adam rate from 0 \(off\) to 1, e\.g\. 0\.001; got 2/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf', '--encoder', 'x.json', '--moving-average', '0.001', '--mmd-estimator', 'unbiased'], /unbiased estimator does not apply to DP-MEPF's moving-average loss/],
    [['--images', files.images, '--labels', files.labels, '--method', 'merf', '--hp-kernel-variance', '0.005'], /--hp-kernel-variance applies to --method hp only/],
    [['--images', files.images, '--labels', files.labels, '--hp-kernel-variance', '0'], /--hp-kernel-variance must be a positive number, got 0/],
    [['--images', files.images, '--labels', files.labels, '--hp-kernels', 'sum+product', '--hp-sum-weight', '-1'], /--hp-sum-weight must be a number of at least 0, got -1/],
    [['--images', files.images, '--labels', files.labels, '--hp-sum-weight', '5'], /--hp-sum-weight weighs the sum kernel against the product kernels; add --hp-kernels sum\+product or leave it out/],
    [['--images', files.images, '--labels', files.labels, '--hp-sum-only'], /--hp-sum-only is gone: the sum kernel alone is DP-HP's default since 2026-12-07 \(leave the option out; --hp-kernels sum\+product adds the product kernels\)\./],
    [['--images', files.images, '--labels', files.labels, '--hp-kernels', 'product'], /--hp-kernels must be one of sum, sum\+product, got 'product'/],
    [['--images', files.images, '--labels', files.labels, '--method', 'merf', '--hp-kernels', 'sum'], /--hp-kernels applies to --method hp only/],
    [['--images', files.images, '--labels', files.labels, '--method', 'ntk', '--hp-sum-weight', '3'], /--hp-sum-weight applies to --method hp only/],
    [['--images', files.images, '--labels', files.labels, '--method', 'merf', '--moments', '2'], /--moments applies to --method mepf only/],
    [['--images', files.images, '--labels', files.labels, '--mmd-estimator', 'unbiased'], /--mmd-estimator unbiased needs equal class blocks, and DP-HP draws classes at random by default; add --class-draw balanced/],
    [['--images', files.images, '--labels', files.labels, '--rounding', 'down'], /--rounding must be one of unbiased, nearest, none, got 'down'/],
    [['--images', files.images, '--labels', files.labels, '--mmd-estimator', 'plugin'], /--mmd-estimator must be one of biased, unbiased, got 'plugin'/],
    [['--images', files.images, '--labels', files.labels, '--method', 'ntk', '--mmd-estimator', 'unbiased'], /--mmd-estimator unbiased is not available for --method ntk/],
    [['--images', files.images, '--labels', files.labels, '--class-draw', 'sometimes'], /--class-draw must be one of balanced, random, got 'sometimes'/],
    [['--images', files.images, '--labels', files.labels, '--method', 'ntk', '--class-draw', 'random'], /--class-draw random is not available for --method ntk/],
    [['--images', files.images, '--labels', files.labels, '--class-draw', 'random', '--mmd-estimator', 'unbiased'], /--class-draw random trains with the reference code's plug-in loss; leave out --mmd-estimator unbiased/],
    [['--images', files.images, '--labels', files.labels, '--method', 'mepf', '--encoder', 'x.json', '--moving-average', '0.001', '--class-draw', 'random'], /--class-draw random does not apply to DP-MEPF's moving-average loss/],
    [['--images', files.images, '--labels', files.labels, '--generator-channels', '64'], /--generator-channels must be two integers from 1 to 256 separated by a comma, e.g. 64,32; got '64'/],
    [['--images', files.images, '--labels', files.labels, '--generator-channels', '0,8'], /--generator-channels must be two integers from 1 to 256 separated by a comma, e.g. 64,32; got '0,8'/],
    [['--images', files.images, '--labels', files.labels, '--generator-channels', '64,32.5'], /--generator-channels must be two integers from 1 to 256 separated by a comma, e.g. 64,32; got '64,32.5'/],
  ];
  for (const [args, message] of cases) {
    const out = mkdtempSync(join(tmpdir(), 'privkit-bad-images-'));
    const outputs = ['--out-images', join(out, 's.idx.gz'), '--out-labels', join(out, 'l.idx.gz')];
    const r = privkit(['synth', ...args, ...(args[0] === '--labels' ? [] : outputs), '--classes', args.includes('--classes') ? args[args.indexOf('--classes') + 1]! : '2', '--steps', '5']);
    assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.deepEqual(readdirSync(out), [], 'no output or temp file left behind');
  }
});

test('privkit pretrain encoder on public images, then privkit synth --method mepf with that encoder', () => {
  const out = mkdtempSync(join(tmpdir(), 'privkit-pretrain-'));
  const encoder = join(out, 'encoder.json');
  const p = privkit(['pretrain', 'encoder', '--public-images', files.images, '--public-labels', files.labels, '--classes', '2', '--channels', '4,6', '--epochs', '1', '--batch-size', '50', '--out', encoder, '--name', 'bars']);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, /Wrote the encoder to .*No privacy was spent/);
  assert.deepEqual(JSON.parse(readFileSync(encoder, 'utf8')).architecture.channels, [4, 6], '--channels reaches the encoder file');
  const r = privkit(['synth', '--images', files.images, '--labels', files.labels, '--classes', '2', '--method', 'mepf', '--encoder', encoder, '--moments', '2',
    '--moving-average', '0.001', '--epsilon', '2', '--steps', '5', '--count', '20', '--out-images', join(out, 's.idx.gz'), '--out-labels', join(out, 'l.idx.gz'),
    '--seed', '1', '--report', join(out, 'run.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Wrote 20 synthetic images/);
  assert.equal(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).settings.movingAverageRate, 0.001, '--moving-average reaches the plan');
  assert.equal(r.stdout.match(/mean embedding: perceptual features/g)?.length, 2, r.stdout);
  const bad = privkit(['pretrain', 'encoder', '--public-images', files.images, '--out', join(out, 'e2.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--public-labels is required/);
  assert.ok(!existsSync(join(out, 'e2.json')));
  for (const [channels, message] of [
    ['4,x', /--channels must be whole numbers from 1 to 1024 separated by commas, one per stage, e\.g\. 32,64,128; got '4,x'/],
    ['4,2000', /--channels must be whole numbers from 1 to 1024 .*; got '4,2000'/],
    ['4.5', /--channels must be whole numbers .*; got '4\.5'/],
    ['', /--channels must be whole numbers .*; got ''/],
    ['4,4,4,4,4', /5 stages needs a height and width divisible by 16, got 8×8 \(.*give --channels fewer stages\)/],
  ] as const) {
    const r = privkit(['pretrain', 'encoder', '--public-images', files.images, '--public-labels', files.labels, '--classes', '2', '--channels', channels, '--out', join(out, 'e3.json')]);
    assert.equal(r.code, 2, `--channels ${channels} → exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.ok(!existsSync(join(out, 'e3.json')));
  }
  const csv = privkit(['synth', 'data.csv', '--out', join(out, 'x.csv'), '--method', 'mepf']);
  assert.equal(csv.code, 2);
  assert.match(csv.stderr, /--method mepf synthesizes images only/);
});

test('Ctrl-C during generator training stops synth promptly: exit 2, one sentence, no output file', async () => {
  const out = mkdtempSync(join(tmpdir(), 'privkit-synth-sigint-'));
  const bin = fileURLToPath(new URL('../../../bin/privkit.js', import.meta.url));
  // 200,000 steps would take many minutes: only a loop that lets the event loop run sees Ctrl-C.
  const child = spawn(process.execPath, [bin, 'synth', '--images', files.images, '--labels', files.labels, '--classes', '2', '--method', 'hp', '--epsilon', '1',
    '--steps', '200000', '--count', '10', '--out-images', join(out, 's.idx.gz'), '--out-labels', join(out, 'l.idx.gz')]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  await cpuSecondsUsed(child.pid!, 3);
  child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', resolve)),
    new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), 15_000); }),
  ]);
  clearTimeout(timer);
  if (code === 'late') child.kill('SIGKILL');
  assert.notEqual(code, 'late', 'synth was still running 15 s after Ctrl-C');
  assert.equal(code, 2, stderr);
  assert.match(stderr, /Interrupted; no output was written/);
  assert.deepEqual(readdirSync(out), []);
});

