// `npm run bench -- engine`: one training step of the models on stock tfjs-wasm and on
// privkit's patched engine, in one process.
import * as tf from '../src/engine/tf.js';
import { createRng, initEngine, installKernelPatches, removeKernelPatches, type Rng } from '../src/engine/index.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ms, timeRuns, writeSection, type Timing } from './report.js';

function randomTensor(rng: Rng, shape: number[], scale: number): tf.Tensor {
  const v = new Float32Array(tf.util.sizeFromShape(shape));
  for (let i = 0; i < v.length; i++) v[i] = rng.normal() * scale;
  return tf.tensor(v, shape);
}

function oneHot(rng: Rng, rows: number, classes: number): tf.Tensor {
  return tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from({ length: rows }, () => rng.int(classes)), 'int32'), classes), 'float32');
}

interface Model { step: () => void; dispose: () => void }

/** MLP 784-512-512-10, batch 256, softmax cross-entropy, Adam. */
function mlp(rng: Rng): Model {
  const sizes = [784, 512, 512, 10];
  const params = sizes.slice(1).flatMap((out, i) => [
    tf.variable(randomTensor(rng, [sizes[i]!, out], Math.sqrt(2 / sizes[i]!))),
    tf.variable(tf.zeros([out])),
  ]);
  const x = randomTensor(rng, [256, 784], 1), y = oneHot(rng, 256, 10);
  const opt = tf.train.adam(1e-3);
  const loss = () => {
    let h: tf.Tensor = x;
    for (let l = 0; l < 3; l++) {
      h = tf.add(tf.matMul(h, params[2 * l]!), params[2 * l + 1]!);
      if (l < 2) h = tf.relu(h);
    }
    return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
  };
  return {
    step: () => { opt.minimize(loss, true)?.dispose(); },
    dispose: () => { tf.dispose([...params, x, y]); opt.dispose(); },
  };
}

/** Small CNN, batch 64: 28×28×1 → conv3×3 16 → conv3×3/2 32 → dense 10, Adam. */
function cnn(rng: Rng): Model {
  const w1 = tf.variable(randomTensor(rng, [3, 3, 1, 16], Math.sqrt(2 / 9)));
  const w2 = tf.variable(randomTensor(rng, [3, 3, 16, 32], Math.sqrt(2 / 144)));
  const w3 = tf.variable(randomTensor(rng, [14 * 14 * 32, 10], Math.sqrt(2 / 6272)));
  const x = randomTensor(rng, [64, 28, 28, 1], 1), y = oneHot(rng, 64, 10);
  const opt = tf.train.adam(1e-3);
  const loss = () => {
    const h1 = tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'));
    const h2 = tf.relu(tf.conv2d(h1, w2 as tf.Tensor4D, 2, 'same'));
    return tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.reshape(h2, [64, -1]), w3)) as tf.Scalar;
  };
  return {
    step: () => { opt.minimize(loss, true)?.dispose(); },
    dispose: () => { tf.dispose([w1, w2, w3, x, y]); opt.dispose(); },
  };
}

function measure(make: (rng: Rng) => Model, runs: number): Timing | string {
  const model = make(createRng(7));
  try {
    return timeRuns(model.step, runs);
  } catch (error) {
    return `fails: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    model.dispose();
  }
}

function cell(t: Timing | string): string {
  return typeof t === 'string' ? t : `${ms(t.min)} (median ${ms(t.median)}, ${t.runs} runs)`;
}

/** The patched engine with 2 wasm threads, measured in a child process (threads are set at start). */
function threadedFigures(): { mlp: Timing | string; cnn: Timing | string } {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--threaded-child'], { encoding: 'utf8', env: { ...process.env, PRIVKIT_THREADS: '2' } });
  if (child.status !== 0) return { mlp: `fails: ${child.stderr.trim().split('\n')[0]}`, cnn: 'not run' };
  return JSON.parse(child.stdout) as { mlp: Timing | string; cnn: Timing | string };
}

if (process.argv[2] === '--threaded-child') {
  const info = await initEngine();
  if (info.threads !== 2) throw new Error(`expected 2 threads, got ${info.threads}`);
  process.stdout.write(JSON.stringify({ mlp: measure(mlp, 30), cnn: measure(cnn, 30) }));
}

export async function engineBench(command: string): Promise<void> {
  await initEngine({ patches: false, threads: 1 });
  const progress = (s: string) => process.stderr.write(`${s}\n`);
  progress('stock wasm: MLP step…');
  const stockMlp = measure(mlp, 10);
  progress('stock wasm: CNN step…');
  const stockCnn = measure(cnn, 5);
  installKernelPatches();
  progress('patched engine: MLP step…');
  const patchedMlp = measure(mlp, 30);
  progress('patched engine: CNN step…');
  const patchedCnn = measure(cnn, 30);
  removeKernelPatches();
  progress('patched engine, 2 threads: MLP and CNN steps…');
  const threaded = threadedFigures();
  const ratio = typeof stockMlp === 'string' || typeof patchedMlp === 'string' ? 'n/a' : (patchedMlp.min / stockMlp.min).toFixed(3);
  const ratio2 = typeof stockMlp === 'string' || typeof threaded.mlp === 'string' ? 'n/a' : (threaded.mlp.min / stockMlp.min).toFixed(3);
  const cnnRatio = typeof stockCnn === 'string' || typeof patchedCnn === 'string' ? 'n/a (stock fails)' : (patchedCnn.min / stockCnn.min).toFixed(3);
  const body = [
    'tfjs-core + tfjs-backend-wasm 4.22.0 (SIMD). Step = forward, backward and an Adam update. Times are the minimum over the runs after 2 warm-up steps.',
    'Stock tfjs-wasm cannot use threads in Node, so its column is single-threaded; privkit is shown with 1 thread (its default) and with 2 (`PRIVKIT_THREADS=2`).',
    '',
    '| step | stock tfjs-wasm (1 thread) | privkit engine, 1 thread | privkit engine, 2 threads | privkit / stock |',
    '|---|---|---|---|---|',
    `| MLP 784-512-512-10, batch 256, softmax CE, Adam | ${cell(stockMlp)} | ${cell(patchedMlp)} | ${cell(threaded.mlp)} | **${ratio}** (1 thread), **${ratio2}** (2 threads); target ≤ 0.15 |`,
    `| CNN 28×28×1 → conv3×3·16 → conv3×3/2·32 → dense 10, batch 64, Adam | ${cell(stockCnn)} | ${cell(patchedCnn)} | ${cell(threaded.cnn)} | ${cnnRatio} |`,
  ].join('\n');
  writeSection('engine', command, body);
  process.stdout.write(`${body}\n`);
}
