// privkit train --model lenet → privkit compress → privkit predict, on small generated images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '../../src/data/idx.js';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { privkit } from './run-cli.js';

/** 16×16 images of 3 classes: a bright horizontal band at rows 2–5, 6–9 or 10–13, plus noise. */
function writeBands(dir: string, name: string, n: number, seed: number): { images: string; labels: string } {
  const rng = createRng(seed);
  const pixels = new Uint8Array(n * 256), labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.int(3);
    labels[i] = y;
    for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) pixels[i * 256 + r * 16 + c] = Math.min(255, Math.floor((r >= 2 + 4 * y && r < 6 + 4 * y ? 160 : 20) + rng.uniform() * 90));
  }
  const images = join(dir, `${name}-images.idx`), labelsPath = join(dir, `${name}-labels.idx`);
  writeFileSync(images, encodeIdx({ dtype: 'ubyte', shape: [n, 16, 16], data: pixels }));
  writeFileSync(labelsPath, encodeIdx({ dtype: 'ubyte', shape: [n], data: labels }));
  return { images, labels: labelsPath };
}

test('compress a privately trained LeNet on public images: smaller model, costs and accuracies reported, privacy note kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-compress-'));
  const train = writeBands(dir, 'private', 600, 1), pub = writeBands(dir, 'public', 400, 5), testSet = writeBands(dir, 'test', 150, 2);
  const model = join(dir, 'lenet.json'), small = join(dir, 'small.json');
  const t = privkit(['train', '--model', 'lenet', '--train-images', train.images, '--train-labels', train.labels, '--classes', '3', '--epsilon', '8',
    '--batch-size', '100', '--epochs', '3', '--lr', '0.5', '--seed', '3', '--out', model]);
  assert.equal(t.code, 0, t.stderr);
  const c = privkit(['compress', '--model', model, '--train-images', pub.images, '--train-labels', pub.labels, '--test-images', testSet.images, '--test-labels', testSet.labels,
    '--keep', '0.4', '--epochs', '2', '--public-data', '--out', small, '--json']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, /without privacy: they must be public or already released/);
  const r = JSON.parse(c.stdout) as { parameters: { before: number; after: number }; multiplyAdds: { before: number; after: number }; accuracy: { original: number; fineTuned: number }; kept: number[] };
  assert.ok(r.parameters.after <= 0.4 * r.parameters.before && r.parameters.after > 0.2 * r.parameters.before, JSON.stringify(r.parameters));
  assert.ok(r.multiplyAdds.after < r.multiplyAdds.before);
  assert.equal(r.kept.length, 4, 'conv1, conv2, fc1, fc2');
  const file = JSON.parse(readFileSync(small, 'utf8')) as { architecture: { widths: number[] }; privacy: { compression?: { imagesAccounted: boolean; note: string } }; training: { compression: Record<string, unknown> } };
  assert.deepEqual(file.architecture.widths, r.kept);
  assert.equal(file.privacy.compression?.imagesAccounted, false);
  assert.match(file.privacy.compression?.note ?? '', /hold for this compressed model only if/);
  assert.ok(!('accuracy' in file.training.compression), 'test accuracy is printed, not stored');
  const p = privkit(['predict', '--model', small, '--images', testSet.images, '--labels', testSet.labels, '--json']);
  assert.equal(p.code, 0, p.stderr);
  assert.ok(Math.abs((JSON.parse(p.stdout) as { accuracy: number }).accuracy - r.accuracy.fineTuned) < 1e-9);
  for (const [args, message] of [
    [['--model', model, '--train-images', pub.images, '--train-labels', pub.labels, '--out', join(dir, 'x.json'), '--public-data'], /--keep is required/],
    [['--model', model, '--train-images', pub.images, '--train-labels', pub.labels, '--keep', '0.3', '--out', join(dir, 'x.json')], /add --public-data to confirm/],
    [['--model', model, '--train-images', pub.images, '--train-labels', pub.labels, '--keep', '1.5', '--out', join(dir, 'x.json'), '--public-data'], /--keep must be in \(0, 1\]/],
    [['--model', join(dir, 'none.json'), '--train-images', pub.images, '--train-labels', pub.labels, '--keep', '0.3', '--out', join(dir, 'x.json'), '--public-data'], /does not exist/],
  ] as [string[], RegExp][]) {
    const bad = privkit(['compress', ...args]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, message);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.ok(!existsSync(join(dir, 'x.json')));
  }
});
