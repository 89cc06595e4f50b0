import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, initEngine, UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/index.js';
import * as tf from '../../src/engine/tf.js';
import { readIdx, writeIdx } from '../../src/data/index.js';
import { drawFrequencies, fourierFeatures } from '../../src/features/random-fourier.js';
import { explicitTerm, hermiteSumTerm, type EmbeddingTerm } from '../../src/synth/embedding-term.js';
import { createImageGenerator } from '../../src/synth/images/conv-generator.js';
import { synthesizeImages } from '../../src/synth/images/synthesize-images.js';
import { DEFAULT_HP_IMAGES } from '../../src/synth/images/image-methods.js';
import { trainGenerator } from '../../src/synth/train-generator.js';
import { buildEncoder } from '../../src/mepf/encoder.js';
import { encoderToFile, saveEncoder } from '../../src/mepf/encoder-file.js';
import { UserError } from '../../src/errors.js';

before(async () => { await initEngine(); });

const side = 8, dim = side * side;

/** Ten distinct 8×8 images: a bar whose position and orientation depend on the index (values 0.1–0.9, off the sigmoid's asymptotes). */
function tenImages(): Float32Array {
  const x = new Float32Array(10 * dim).fill(0.1);
  for (let c = 0; c < 10; c++) {
    for (let i = 0; i < side; i++) x[c * dim + (c < 5 ? (c + 2) * side + i : i * side + (c - 3))] = 0.9;
    x[c * dim + (c < 5 ? c : 7 * side + c - 2)] = 0.5; // a marker dot on the top or bottom edge
  }
  return x;
}

async function overfit(term: EmbeddingTerm, steps: number): Promise<{ meanAbsError: number; firstLoss: number; lastLoss: number; nearestOwn: number }> {
  const target = tenImages(), classes = 10, labels = Int32Array.from({ length: 10 }, (_, i) => i);
  const sums = new Float64Array(classes * term.dim);
  tf.tidy(() => term.accumulate(tf.tensor2d(target, [10, dim]), labels, classes, sums));
  const loss = term.createLoss(Float32Array.from(sums), classes); // one image per class: the sum is the mean
  const generator = createImageGenerator({ codeSize: 5, classes, height: side, width: side, channels: 1, hidden: 64, convChannels: [16, 8], kernelSize: 3 }, createRng(2));
  try {
    const trace = await trainGenerator({ generator, losses: [loss], schedule: () => [{ term: 0, weight: 1 }], steps, batchSize: 40, learningRate: () => 0.01, rng: createRng(3) });
    const y = tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 4)), 'int32'), classes), 'float32') as tf.Tensor2D;
    const images = tf.tidy(() => generator.generate(tf.randomNormal([40, 5], 0, 1, 'float32', 9) as tf.Tensor2D, y).dataSync());
    y.dispose();
    let err = 0, nearestOwn = 0;
    for (let r = 0; r < 40; r++) {
      const own = Math.floor(r / 4);
      for (let p = 0; p < dim; p++) err += Math.abs(images[r * dim + p]! - target[own * dim + p]!);
      const dist = (c: number) => { let s = 0; for (let p = 0; p < dim; p++) s += (images[r * dim + p]! - target[c * dim + p]!) ** 2; return s; };
      if (Array.from({ length: 10 }, (_, c) => c).every((c) => c === own || dist(c) > dist(own))) nearestOwn++;
    }
    return { meanAbsError: err / (40 * dim), firstLoss: trace[0]!, lastLoss: trace[trace.length - 1]!, nearestOwn };
  } finally {
    generator.dispose();
    loss.dispose();
  }
}

test('without noise, a generator fitted to random Fourier embeddings reproduces a 10-image set', async () => {
  const omega = tf.tensor2d(drawFrequencies(dim, 2000, 2, createRng(4)), [dim, 1000]);
  const r = await overfit(explicitTerm({ name: 'rff', dim: 2000, features: (x) => fourierFeatures(x, omega) }), 900);
  omega.dispose();
  checkOverfit(r);
});

test('without noise, a generator fitted to the Hermite sum kernel reproduces a 10-image set', async () => {
  const r = await overfit(hermiteSumTerm({ dim, order: 20, rho: 0.86 }), 900);
  checkOverfit(r);
});

/** Within 900 steps the loss falls 5×, pixels come within 0.12 on average, and every sample is nearest its own image. */
function checkOverfit(r: Awaited<ReturnType<typeof overfit>>): void {
  assert.ok(r.lastLoss < r.firstLoss / 5, `loss ${r.firstLoss} → ${r.lastLoss}`);
  assert.ok(r.meanAbsError < 0.12, `mean absolute pixel error ${r.meanAbsError}`);
  assert.equal(r.nearestOwn, 40, 'every generated image is nearest to the image of its class');
}

/** 300 labelled 8×8 images of two classes (horizontal vs vertical bars), as IDX files. */
async function barImages(dir: string): Promise<{ images: string; labels: string }> {
  const n = 300, rng = createRng(11);
  const pixels = new Uint8Array(n * dim), labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = i % 2, at = 1 + rng.int(side - 2);
    labels[i] = y;
    for (let j = 0; j < side; j++) pixels[i * dim + (y === 0 ? at * side + j : j * side + at)] = 200 + rng.int(56);
  }
  const images = join(dir, 'images.idx.gz'), labelPath = join(dir, 'labels.idx');
  await writeIdx(images, { dtype: 'ubyte', shape: [n, side, side], data: pixels });
  await writeIdx(labelPath, { dtype: 'ubyte', shape: [n], data: labels });
  return { images, labels: labelPath };
}

for (const method of ['merf', 'hp', 'ntk'] as const) {
  test(`${method} on images end to end: IDX out, labels in range, the whole budget in the ledger`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'privkit-images-'));
    const input = await barImages(dir);
    const out = { outImages: join(dir, 'synth.idx.gz'), outLabels: join(dir, 'synth-labels.idx.gz'), preview: join(dir, 'grid.png') };
    const report = await synthesizeImages({ ...input, ...out, method, epsilon: 2, delta: 1e-5, classes: 2, steps: 20, seed: 1, count: 50, ntk: { width: 64, batchSize: 100 } });
    const images = await readIdx(out.outImages), labels = await readIdx(out.outLabels);
    assert.deepEqual(images.shape, [50, side, side]);
    assert.deepEqual(labels.shape, [50]);
    assert.ok(Array.from(labels.data).every((y) => y === 0 || y === 1));
    assert.ok(report.privacy.spent.epsilon <= 2 + 1e-9 && report.privacy.spent.epsilon > 1.99, `ε spent ${report.privacy.spent.epsilon}`);
    const entries = report.privacy.entries.map((e) => e.label);
    assert.ok(entries.includes('class counts'));
    assert.equal(entries.some((l) => l.startsWith('kernel length scale')), method === 'merf', entries.join(' | '));
    assert.equal(entries.filter((l) => l.startsWith('mean embedding')).length, 1, 'each method releases one embedding by default (hp: the sum kernel alone)');
    assert.equal(report.settings.classDraw, method === 'hp' ? 'random' : 'balanced', 'hp draws classes at random by default, as its paper\'s figures were made');
    assert.equal(report.noiseSeededForTesting, false);
  });
}

test('hp kernels: the sum alone by default (class counts at 5× its noise), or with one product kernel per epoch (counts at the sum\'s noise); the whole budget spent either way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-images-'));
  const input = await barImages(dir);
  const out = { outImages: join(dir, 'synth.idx.gz'), outLabels: join(dir, 'synth-labels.idx.gz') };
  const base = { ...input, ...out, method: 'hp', epsilon: 2, delta: 1e-5, classes: 2, steps: 20, seed: 1, count: 50 } as const;
  // sum+product given alone: the counts' noise factor follows the kernels (1), as the CLI's option gives it.
  for (const [hp, releases, countFactor] of [[undefined, 1, 5], [{ kernels: 'sum+product' }, 11, 1]] as const) {
    const report = await synthesizeImages({ ...base, ...(hp ? { hp } : {}) });
    const entries = report.privacy.entries;
    const embeddings = entries.filter((e) => e.label.startsWith('mean embedding'));
    assert.equal(embeddings.length, releases, entries.map((e) => e.label).join(' | '));
    assert.equal(report.settings.kernels, hp ? 'sum+product' : 'sum');
    const counts = entries.find((e) => e.label === 'class counts')!;
    assert.ok(Math.abs(counts.noise! / embeddings[0]!.noise! - countFactor) < 1e-9, `${counts.noise} vs ${embeddings[0]!.noise}`);
    assert.ok(report.privacy.spent.epsilon <= 2 + 1e-9 && report.privacy.spent.epsilon > 1.99, `ε spent ${report.privacy.spent.epsilon}`);
  }
  assert.equal((await synthesizeImages({ ...base, steps: 2, hp: { ...DEFAULT_HP_IMAGES } })).settings.kernels, 'sum', 'the defaults given back (as a report holds them) are accepted');
  await assert.rejects(synthesizeImages({ ...base, hp: { sumWeight: 3 } }), (e: unknown) => e instanceof UserError && /sumWeight applies to the product kernels; set kernels to 'sum\+product'/.test(e.message));
  await assert.rejects(synthesizeImages({ ...base, hp: { kernels: 'product' as never } }), (e: unknown) => e instanceof UserError && /--hp-kernels must be one of sum, sum\+product, got 'product'/.test(e.message));
});

test('pixel rounding: unbiased by default and recorded in the report; nearest and none (float32) on request write the same images', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-images-'));
  const input = await barImages(dir);
  const run = async (rounding?: 'nearest' | 'unbiased' | 'none') => {
    const out = { outImages: join(dir, `synth-${rounding}.idx`), outLabels: join(dir, `labels-${rounding}.idx`) };
    UNSAFE_seedPrivacyNoiseForTesting(5); // the same noise in both runs, so the same generator
    try {
      const report = await synthesizeImages({ ...input, ...out, method: 'hp', epsilon: 1, delta: 1e-5, classes: 2, steps: 5, seed: 3, count: 40, ...(rounding ? { rounding } : {}) });
      const file = await readIdx(out.outImages);
      return { report, dtype: file.dtype, images: file.data };
    } finally {
      UNSAFE_seedPrivacyNoiseForTesting(null);
    }
  };
  const byDefault = await run(), nearest = await run('nearest'), unrounded = await run('none');
  assert.equal(byDefault.report.settings.rounding, 'unbiased');
  assert.equal(nearest.report.settings.rounding, 'nearest');
  assert.equal(unrounded.report.settings.rounding, 'none');
  assert.equal(byDefault.dtype, 'ubyte');
  assert.equal(unrounded.dtype, 'float32');
  // Unrounded: float values in [0, 255] whose nearest byte is the nearest rounding's, some not whole.
  let fractional = 0;
  for (let i = 0; i < nearest.images.length; i++) {
    const v = unrounded.images[i]!;
    assert.ok(v >= 0 && v <= 255 && Math.abs(v - nearest.images[i]!) <= 0.5 + 1e-4, `pixel ${i}: ${v} vs byte ${nearest.images[i]}`);
    if (!Number.isInteger(v)) fractional++;
  }
  assert.ok(fractional > 0, 'the unrounded output holds only whole values');
  // Same generator and values: the two roundings agree to within one byte.
  let differ = 0;
  for (let i = 0; i < nearest.images.length; i++) {
    const gap = Math.abs(nearest.images[i]! - byDefault.images[i]!);
    assert.ok(gap <= 1, `byte ${i}: ${nearest.images[i]} vs ${byDefault.images[i]}`);
    if (gap > 0) differ++;
  }
  assert.ok(differ > 0, 'unbiased rounding changed no byte');
});

test('mmd estimator: biased by default, unbiased on request, recorded; ntk refuses unbiased before any output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-images-'));
  const input = await barImages(dir);
  const out = (name: string) => ({ outImages: join(dir, `${name}.idx`), outLabels: join(dir, `${name}-labels.idx`) });
  // Balanced blocks: the unbiased estimator needs them (DP-HP's default draws classes at random).
  const base = { ...input, epsilon: 1, delta: 1e-5, classes: 2, steps: 4, seed: 3, count: 20, classDraw: 'balanced' } as const;
  // Seeded noise and unrounded output: the same run twice gives the same images, so images that
  // differ under 'unbiased' show the estimator reached the generator's training.
  const images = async (name: string, estimator?: 'unbiased') => {
    UNSAFE_seedPrivacyNoiseForTesting(5);
    try {
      const report = await synthesizeImages({ ...base, ...out(name), method: 'hp', rounding: 'none', ...(estimator ? { estimator } : {}) });
      return { estimator: report.settings.estimator, pixels: Array.from((await readIdx(out(name).outImages)).data) };
    } finally {
      UNSAFE_seedPrivacyNoiseForTesting(null);
    }
  };
  const [first, again, unbiased] = [await images('hp'), await images('hp-again'), await images('hp-unbiased', 'unbiased')];
  assert.equal(first.estimator, 'biased');
  assert.equal(unbiased.estimator, 'unbiased');
  assert.deepEqual(again.pixels, first.pixels, 'the same seeded run should repeat exactly');
  assert.notDeepEqual(unbiased.pixels, first.pixels, 'the unbiased estimator changed nothing in training');
  assert.equal((await synthesizeImages({ ...base, ...out('merf'), method: 'merf', merf: { lengthScale: 1 } })).settings.estimator, 'biased');
  const { classDraw: _, ...hpDefaultDraw } = base;
  await assert.rejects(synthesizeImages({ ...hpDefaultDraw, ...out('hp-random'), method: 'hp', estimator: 'unbiased' }), (e: unknown) => e instanceof UserError && /needs equal class blocks.*add --class-draw balanced/.test(e.message));
  await assert.rejects(synthesizeImages({ ...hpDefaultDraw, ...out('hp-random'), method: 'hp', hp: { estimator: 'unbiased' } }), (e: unknown) => e instanceof UserError && /needs equal class blocks/.test(e.message), 'the estimator inside the method settings is checked too');
  assert.equal(existsSync(out('hp-random').outImages), false);
  await assert.rejects(synthesizeImages({ ...base, ...out('ntk'), method: 'ntk', estimator: 'unbiased' }), (e: unknown) => e instanceof UserError && /not available for --method ntk/.test(e.message));
  assert.equal(existsSync(out('ntk').outImages), false);
});

test('mepf on images end to end: the encoder file is read, each release carries its own sensitivity, the whole budget in the ledger', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-images-mepf-'));
  const input = await barImages(dir);
  const encoder = buildEncoder({ kind: 'mepf-cnn', inputShape: [side, side, 1], channels: [4, 8, 8], kernelSize: 3, classes: 2 }, 3);
  const encoderFile = join(dir, 'encoder.json');
  await saveEncoder(encoderFile, encoderToFile(encoder, { name: 'test bars (public)', images: 300, classes: 2 }, {}));
  encoder.dispose();
  const out = { outImages: join(dir, 'synth.idx.gz'), outLabels: join(dir, 'synth-labels.idx.gz') };
  const common = { ...input, ...out, method: 'mepf' as const, epsilon: 2, delta: 1e-5, classes: 2, steps: 10, seed: 1, count: 30 };
  const report = await synthesizeImages({ ...common, encoder: encoderFile, mepf: { moments: 2, batchSize: 20 } });
  assert.deepEqual((await readIdx(out.outImages)).shape, [30, side, side]);
  assert.ok(report.privacy.spent.epsilon <= 2 + 1e-9 && report.privacy.spent.epsilon > 1.99, `ε spent ${report.privacy.spent.epsilon}`);
  const moments = report.privacy.entries.filter((e) => e.label.startsWith('mean embedding: perceptual'));
  assert.equal(moments.length, 2, 'first and second moments');
  for (const m of moments) assert.equal(m.details?.sensitivity, Math.SQRT2, `${m.label}: post-ReLU and squared features are non-negative`);
  assert.deepEqual((report.settings as { publicData?: unknown }).publicData, { name: 'test bars (public)', images: 300, classes: 2 });
  await assert.rejects(synthesizeImages({ ...common, outImages: join(dir, 'b.idx'), outLabels: join(dir, 'bl.idx') }), (e: unknown) => e instanceof UserError && /--method mepf needs --encoder/.test(e.message));
  const wide = buildEncoder({ kind: 'mepf-cnn', inputShape: [12, 12, 1], channels: [4, 8, 8], kernelSize: 3, classes: 2 }, 3);
  const wideFile = join(dir, 'wide.json');
  await saveEncoder(wideFile, encoderToFile(wide, { name: 'x', images: 1, classes: 2 }, {}));
  wide.dispose();
  await assert.rejects(synthesizeImages({ ...common, encoder: wideFile, outImages: join(dir, 'c.idx'), outLabels: join(dir, 'cl.idx') }), (e: unknown) => e instanceof UserError && /takes 12×12×1 images but .* holds 8×8×1/.test(e.message));
  assert.ok(!existsSync(join(dir, 'c.idx')), 'no output after a refusal');
});
