// `npm run bench -- dpsgd-step`: the cost of a DP-SGD step (per-example norms, clipping, secure
// noise, optimizer) against a plain step (mean-loss gradient, optimizer) on the same model, batch
// and optimizer, timed in one process one after the other.
import * as tf from '../src/engine/tf.js';
import { createRng, initEngine } from '../src/engine/index.js';
import { makePrivate } from '../src/dpsgd/make-private.js';
import { softmaxCrossEntropy } from '../src/dpsgd/network.js';
import { buildClassifier, type Architecture } from '../src/nn/models.js';
import { ms, timeRuns, writeSection, type Timing } from './report.js';

interface Case { name: string; architecture: Architecture; inputShape: number[]; batch: number; limit: number }

const CASES: Case[] = [
  { name: 'MLP 784-512-512-10', architecture: { kind: 'mlp', inputSize: 784, hidden: [512, 512], classes: 10 }, inputShape: [784], batch: 256, limit: 1.3 },
  { name: 'MLP 784-512-512-10', architecture: { kind: 'mlp', inputSize: 784, hidden: [512, 512], classes: 10 }, inputShape: [784], batch: 1024, limit: 1.3 },
  { name: 'default CNN (26k parameters)', architecture: { kind: 'cnn', inputShape: [28, 28, 1], classes: 10 }, inputShape: [28, 28, 1], batch: 256, limit: 2 },
  { name: 'default CNN (26k parameters)', architecture: { kind: 'cnn', inputShape: [28, 28, 1], classes: 10 }, inputShape: [28, 28, 1], batch: 2048, limit: 2 },
];

function measure(c: Case): { plain: Timing; dp: Timing } {
  const rng = createRng(1);
  const size = c.batch * c.inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(Float32Array.from({ length: size }, () => rng.uniform() * 2 - 1), [c.batch, ...c.inputShape]);
  const y = tf.tensor1d(Int32Array.from({ length: c.batch }, () => rng.int(10)), 'int32');
  const model = buildClassifier(c.architecture, 1);
  const plainOpt = tf.train.momentum(0.01, 0.9), dpOpt = tf.train.momentum(0.01, 0.9);
  const plain = timeRuns(() => tf.tidy(() => {
    plainOpt.minimize(() => tf.mean(softmaxCrossEntropy(model.apply(x, null, true), y)) as tf.Scalar, false, [...model.params]);
    model.params[0]!.dataSync(); // wait for the update
  }), 20);
  const dp = makePrivate({ model, optimizer: dpOpt, maxGradNorm: 1, noiseMultiplier: 1, delta: 1e-5, sampleRate: c.batch / 60000, epochs: 10, datasetSize: 60000 });
  const priv = timeRuns(() => { dp.step(x, y); model.params[0]!.dataSync(); }, 20);
  dp.close();
  tf.dispose([x, y, ...model.params]);
  return { plain, dp: priv };
}

export async function dpsgdStepBench(command: string): Promise<void> {
  const engine = await initEngine();
  const lines = [
    `Engine: ${engine.backend}, ${engine.threads} thread(s). Plain step: gradient of the mean loss + SGD-momentum update. DP step: makePrivate's step (probe backward pass, ghost norms for dense layers, SIMD per-example gradients for conv layers, clip factors, clipped sums, secure Gaussian noise for every parameter, the same update). Same batch of random data; 2 warm-up steps, then 20 timed; min / median.`,
    '',
    '| model | batch | plain step | DP step | ratio (min) | ratio (median) | target |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of CASES) {
    process.stderr.write(`${c.name}, batch ${c.batch}…\n`);
    const { plain, dp } = measure(c);
    const rMin = dp.min / plain.min, rMed = dp.median / plain.median;
    lines.push(`| ${c.name} | ${c.batch} | ${ms(plain.min)} / ${ms(plain.median)} | ${ms(dp.min)} / ${ms(dp.median)} | ${rMin.toFixed(2)} | ${rMed.toFixed(2)} | ≤ ${c.limit} ${rMed <= c.limit ? 'met' : '**missed**'} |`);
  }
  writeSection('dpsgd-step', command, lines.join('\n'));
}
