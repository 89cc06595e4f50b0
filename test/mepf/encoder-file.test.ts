import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../src/engine/tf.js';
import { initEngine } from '../../src/engine/index.js';
import { UserError } from '../../src/errors.js';
import { perceptualMap } from '../../src/features/perceptual.js';
import { encoderToFile, loadEncoder, saveEncoder, type EncoderFile } from '../../src/mepf/encoder-file.js';
import { randomPixels, tinyEncoder } from './tiny.js';

let dir = '';
before(async () => { await initEngine(); dir = await mkdtemp(join(tmpdir(), 'privkit-mepf-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

const publicData = { name: 'synthetic test images', images: 10, classes: 3 };

test('an encoder file round-trips: same logits and same perceptual features after save and load', async () => {
  const encoder = tinyEncoder(21);
  const path = join(dir, 'encoder.json');
  await saveEncoder(path, encoderToFile(encoder, publicData, { epochs: 0 }));
  const { encoder: loaded, file } = await loadEncoder(path);
  assert.equal(file.format, 'privkit-encoder');
  assert.equal(file.version, 1);
  assert.deepEqual(file.publicData, publicData);
  assert.deepEqual(file.preprocessing, { pixels: 'pixel/127.5-1' });
  assert.deepEqual(loaded.architecture, encoder.architecture);
  assert.deepEqual(file.weights.map((w) => w.name).slice(0, 2), ['conv1/w', 'conv1/b']);
  tf.tidy(() => {
    const x = randomPixels(5, 64, 4);
    assert.deepEqual(perceptualMap(loaded).features(x).dataSync(), perceptualMap(encoder).features(x).dataSync());
    const input = tf.reshape(x, [5, 8, 8, 1]);
    assert.deepEqual(loaded.apply(input, null, false).dataSync(), encoder.apply(input, null, false).dataSync());
  });
  encoder.dispose();
  loaded.dispose();
});

test('a bad encoder file gives one UserError sentence', async () => {
  const encoder = tinyEncoder(22);
  const good = encoderToFile(encoder, publicData, {});
  encoder.dispose();
  const variants: Record<string, string> = {
    'not JSON': '{"format": "privkit-encoder", "weights": [',
    'another format': JSON.stringify({ ...good, format: 'privkit-model' }),
    'a newer version': JSON.stringify({ ...good, version: 2 }),
    'a bad architecture': JSON.stringify({ ...good, architecture: { ...good.architecture, inputShape: [7, 7, 1] } }),
    'a truncated weight': JSON.stringify({ ...good, weights: good.weights.map((w, i) => (i === 2 ? { ...w, data: w.data.slice(0, 12) } : w)) }),
    'a missing weight': JSON.stringify({ ...good, weights: good.weights.slice(1) }),
    'a wrong shape': JSON.stringify({ ...good, weights: good.weights.map((w, i) => (i === 0 ? { ...w, shape: [1] } : w)) }),
    'other preprocessing': JSON.stringify({ ...good, preprocessing: { pixels: 'pixel/255' } }),
    'no weights': JSON.stringify({ ...good, weights: null } as unknown as EncoderFile),
  };
  for (const [what, text] of Object.entries(variants)) {
    const path = join(dir, `bad-${what.replace(/ /g, '-')}.json`);
    await writeFile(path, text);
    await assert.rejects(loadEncoder(path), (error: unknown) => {
      assert.ok(error instanceof UserError, `${what}: ${String(error)}`);
      assert.ok(!error.message.includes('\n') && error.message.endsWith('.') && error.message.includes(path), `${what}: ${error.message}`);
      return true;
    });
  }
  await assert.rejects(loadEncoder(join(dir, 'missing.json')), (error: unknown) => error instanceof UserError && /does not exist/.test(error.message));
  assert.ok((await readFile(join(dir, 'bad-not-JSON.json'), 'utf8')).length > 0);
});
