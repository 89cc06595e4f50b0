// `npm run bench -- ntk`: the cost of the DP-NTK feature map at the MNIST size of the reference
// (fc_1l, d = 784, W = 800, K = 10, P = 636,010): the data side (normalized per-class feature
// sums of 1,000 images through the per-example machinery) and one generator step (closed-form
// embedding loss and its gradient with respect to the generated rows).
import * as tf from '../src/engine/tf.js';
import { createRng, initEngine } from '../src/engine/index.js';
import { readIdx } from '../src/data/idx.js';
import { createNtkNetwork, ntkClassSums, ntkEmbeddingLoss, prepareNtkTarget } from '../src/features/ntk.js';
import { FASHION_MNIST_DIR, fashionMnistAvailable } from './fashion-mnist.js';
import { ms, timeRuns, writeSection } from './report.js';

const D = 784, WIDTH = 800, K = 10, CLASSES = 10, ROWS = 1000;

async function images(): Promise<{ x: Float32Array; labels: Int32Array; source: string }> {
  if (fashionMnistAvailable()) {
    const img = await readIdx(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`);
    const lab = await readIdx(`${FASHION_MNIST_DIR}/train-labels-idx1-ubyte.gz`);
    return {
      x: Float32Array.from(img.data.subarray(0, ROWS * D), (v) => v / 255),
      labels: Int32Array.from(lab.data.subarray(0, ROWS)),
      source: `the first ${ROWS} Fashion-MNIST training images, pixels / 255`,
    };
  }
  const rng = createRng(2);
  return {
    x: Float32Array.from({ length: ROWS * D }, () => rng.uniform()),
    labels: Int32Array.from({ length: ROWS }, () => rng.int(CLASSES)),
    source: `${ROWS} uniform random rows (Fashion-MNIST not installed)`,
  };
}

export async function ntkBench(command: string): Promise<void> {
  const engine = await initEngine();
  const net = createNtkNetwork({ inputDim: D, width: WIDTH, outputs: K, seed: 1 });
  const P = net.parameterCount;
  const data = await images();
  const x = tf.tensor2d(data.x, [ROWS, D]);
  const sums = Array.from({ length: CLASSES }, () => new Float64Array(P));
  const classSums = timeRuns(() => { for (const s of sums) s.fill(0); ntkClassSums(net, x, data.labels, CLASSES, sums); }, 5, 1);
  const counts = new Array<number>(CLASSES).fill(0);
  for (const y of data.labels) counts[y]!++;
  // Class-conditional means as the generator's target (a release would add noise first).
  const means = sums.map((s, c) => Float32Array.from(s, (v) => v / Math.max(1, counts[c]!)));
  const prepStart = performance.now();
  const target = prepareNtkTarget(net, means, CLASSES);
  const prepMs = performance.now() - prepStart;

  const rng = createRng(3);
  const lines = [
    `Engine: ${engine.backend}, ${engine.threads} thread(s). Network fc_1l: Linear(${D}→${WIDTH}) → ReLU → LayerNorm (no affine) → Linear(${WIDTH}→${K}), P = ${P.toLocaleString('en')}. Data side: \`ntkClassSums\` on ${data.source}, ${CLASSES} classes (clippedGradientSum 'normalize' per class, sums read back into Float64Arrays); 1 warm-up, 5 timed. Generator side: \`tf.grad\` of \`ntkEmbeddingLoss\` with respect to uniform random rows (classes × rows per class), gradient read back; 2 warm-ups, 10 timed. min / median.`,
    '',
    '| step | rows | time (min / median) |',
    '|---|---|---|',
    `| ntkClassSums | ${ROWS} | ${ms(classSums.min)} / ${ms(classSums.median)} |`,
    `| prepareNtkTarget (once per run) | – | ${ms(prepMs)} |`,
  ];
  const profiles: string[] = [];
  for (const perClass of [50, 100]) {
    const g = tf.tensor2d(Float32Array.from({ length: CLASSES * perClass * D }, () => rng.uniform()), [CLASSES * perClass, D]);
    const step = () => tf.tidy(() => { tf.grad((v: tf.Tensor) => ntkEmbeddingLoss(net, target, v as tf.Tensor2D, perClass))(g).dataSync(); });
    const t = timeRuns(step, 10);
    lines.push(`| ntkEmbeddingLoss forward + backward | ${CLASSES} × ${perClass} = ${CLASSES * perClass} | ${ms(t.min)} / ${ms(t.median)} |`);
    if (perClass === 100) {
      const info = await tf.profile(step);
      const byKernel = new Map<string, number>();
      for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
      const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 6);
      profiles.push(`Kernel time of one generator step at ${CLASSES * perClass} rows (tf.profile, nested kernels counted twice): ${top.map(([n, v]) => `${n} ${v.toFixed(1)} ms`).join(', ')}.`);
    }
    g.dispose();
  }
  const body = [...lines, '', ...profiles].join('\n');
  process.stdout.write(`${body}\n`);
  writeSection('ntk', command, body);
  target.dispose();
  x.dispose();
  net.dispose();
}
