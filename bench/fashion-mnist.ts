// Fashion-MNIST for benchmarks, from Debian's dataset-fashion-mnist package (not bundled: 30 MB).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledData } from '../src/dpsgd/dataset.js';
import { readLabelledImages } from '../src/train/image-data.js';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export function fashionMnistAvailable(): boolean {
  return existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'));
}

export const NOT_AVAILABLE = `not run: ${FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist).`;

export async function fashionMnist(): Promise<{ train: LabelledData; test: LabelledData }> {
  const path = (name: string) => join(FASHION_MNIST_DIR, name);
  return {
    train: await readLabelledImages(path('train-images-idx3-ubyte.gz'), path('train-labels-idx1-ubyte.gz'), 10),
    test: await readLabelledImages(path('t10k-images-idx3-ubyte.gz'), path('t10k-labels-idx1-ubyte.gz'), 10),
  };
}

export function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}
