// The two neural classifiers of the image protocol, trained on the engine with minibatch Adam for a
// fixed number of epochs:
// - MLP: sklearn MLPClassifier() — one hidden layer of 100 ReLU, Glorot-uniform init, Adam
//   (1e-3, β 0.9/0.999, ε 1e-8), batches of 200, L2 α = 1e-4 added as α/(2·batch)·‖W‖² — but a
//   fixed number of epochs (default 10) instead of sklearn's up to 200 with its no-improvement stop,
//   and a softmax output also for two classes (sklearn: one logistic unit; same decision rule);
// - CNN: the small network of shared/tools/img_eval.py (conv3×3 'same' → ReLU → maxpool 2, twice,
//   dense 128 ReLU, dense C; Adam 1e-3, batches of 128, PyTorch-style uniform init), by default
//   with 16 and 32 filters for 2 epochs instead of 32/64 for 5 (a wasm core does ~30 GFLOP/s; the
//   full one would take ~10 minutes on 60,000 images).
import * as tf from '../../engine/tf.js';
import type { Rng } from '../../engine/random/seeded-rng.js';
import { shuffleInPlace } from '../../engine/random/seeded-rng.js';
import { checkRows, fitted } from '../classifiers/common.js';
import type { ClassifierSpec } from '../types.js';

export interface TrainingSchedule {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty α, applied as α/(2·batch)·Σ‖W‖² over the weight matrices (sklearn's MLP). */
  alpha: number;
}

interface Net {
  readonly params: tf.Variable[];
  /** The weight matrices the L2 penalty applies to. */
  readonly weights: tf.Variable[];
  /** One example's shape, e.g. [784] or [28, 28, 1]. */
  readonly exampleShape: readonly number[];
  logits(x: tf.Tensor): tf.Tensor2D;
}

export interface EngineMlpOptions extends Partial<TrainingSchedule> {
  hidden?: number;
  name?: string;
}

export function engineMlp(options: EngineMlpOptions = {}): ClassifierSpec {
  const hidden = options.hidden ?? 100;
  const schedule: TrainingSchedule = {
    epochs: options.epochs ?? 10, batchSize: options.batchSize ?? 200, learningRate: options.learningRate ?? 1e-3, alpha: options.alpha ?? 1e-4,
  };
  return netClassifier(options.name ?? 'MLP', schedule, (d, k, rng) => {
    const W1 = glorot([d, hidden], d, hidden, rng), b1 = glorot([hidden], d, hidden, rng);
    const W2 = glorot([hidden, k], hidden, k, rng), b2 = glorot([k], hidden, k, rng);
    return {
      params: [W1, b1, W2, b2], weights: [W1, W2], exampleShape: [d],
      logits: (x) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, W1), b1)), W2), b2) as tf.Tensor2D,
    };
  });
}

export interface EngineCnnOptions extends Partial<TrainingSchedule> {
  /** [height, width, channels] of one image (required). */
  imageShape: readonly [number, number, number];
  /** Filters of the two conv layers (default [16, 32]; img_eval.py: [32, 64]). */
  filters?: readonly [number, number];
  dense?: number;
  name?: string;
}

export function engineCnn(options: EngineCnnOptions): ClassifierSpec {
  const [height, width, channels] = options.imageShape;
  const [f1, f2] = options.filters ?? [16, 32];
  const dense = options.dense ?? 128;
  const schedule: TrainingSchedule = {
    epochs: options.epochs ?? 2, batchSize: options.batchSize ?? 128, learningRate: options.learningRate ?? 1e-3, alpha: options.alpha ?? 0,
  };
  const h2 = Math.floor(Math.floor(height / 2) / 2), w2 = Math.floor(Math.floor(width / 2) / 2);
  if (h2 < 1 || w2 < 1) throw new RangeError(`The CNN needs images of at least 4×4 pixels, got ${height}×${width}.`);
  return netClassifier(options.name ?? 'CNN', schedule, (d, k, rng) => {
    if (d !== height * width * channels) throw new RangeError(`CNN: ${d} values per image, expected ${height}×${width}×${channels}.`);
    const c1 = torchUniform([3, 3, channels, f1], 9 * channels, rng), cb1 = torchUniform([f1], 9 * channels, rng);
    const c2 = torchUniform([3, 3, f1, f2], 9 * f1, rng), cb2 = torchUniform([f2], 9 * f1, rng);
    const flat = h2 * w2 * f2;
    const W3 = torchUniform([flat, dense], flat, rng), b3 = torchUniform([dense], flat, rng);
    const W4 = torchUniform([dense, k], dense, rng), b4 = torchUniform([k], dense, rng);
    return {
      params: [c1, cb1, c2, cb2, W3, b3, W4, b4], weights: [c1, c2, W3, W4], exampleShape: [height, width, channels],
      logits: (x) => {
        let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, c1 as tf.Tensor4D, 1, 'same'), cb1)) as tf.Tensor4D, 2, 2, 'valid');
        h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, c2 as tf.Tensor4D, 1, 'same'), cb2)) as tf.Tensor4D, 2, 2, 'valid');
        const f = tf.reshape(h, [h.shape[0]!, flat]) as tf.Tensor2D;
        return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(f, W3), b3)), W4), b4) as tf.Tensor2D;
      },
    };
  });
}

/** A classifier around a network built at fit time (when d and k are known). */
function netClassifier(name: string, schedule: TrainingSchedule, build: (d: number, k: number, rng: Rng) => Net): ClassifierSpec {
  return {
    name,
    scoreKind: 'probability',
    create() {
      let state: { net: Net; d: number; k: number } | undefined;
      const release = (): void => { if (state) tf.dispose(state.net.params); };
      return {
        fit(train, rng) {
          release();
          const net = build(train.d, train.k, rng);
          state = { net, d: train.d, k: train.k };
          trainNet(net, train.X, train.y, train.n, train.d, train.k, schedule, rng);
        },
        predictScores(X, n) {
          const { net, d, k } = fitted(state, name);
          checkRows(X, n, d, name);
          return predictNet(net, X, n, d, k);
        },
        dispose() { release(); state = undefined; },
      };
    },
  };
}

function trainNet(net: Net, X: Float32Array, y: Int32Array, n: number, d: number, k: number, s: TrainingSchedule, rng: Rng): void {
  const optimizer = tf.train.adam(s.learningRate, 0.9, 0.999, 1e-8);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const B = Math.min(s.batchSize, n);
  const xb = new Float32Array(B * d);
  const yb = new Int32Array(B);
  try {
    for (let epoch = 0; epoch < s.epochs; epoch++) {
      shuffleInPlace(order, rng);
      for (let start = 0; start < n; start += B) {
        const nb = Math.min(B, n - start);
        for (let r = 0; r < nb; r++) {
          const i = order[start + r]!;
          xb.set(X.subarray(i * d, (i + 1) * d), r * d);
          yb[r] = y[i]!;
        }
        tf.tidy(() => {
          const x = tf.tensor(xb.subarray(0, nb * d), [nb, ...net.exampleShape]);
          const target = tf.oneHot(tf.tensor1d(yb.subarray(0, nb), 'int32'), k);
          optimizer.minimize(() => {
            const ce = tf.mean(tf.neg(tf.sum(tf.mul(tf.logSoftmax(net.logits(x)), target), 1)));
            if (s.alpha === 0) return ce as tf.Scalar;
            const l2 = tf.addN(net.weights.map((w) => tf.sum(tf.square(w))));
            return tf.add(ce, tf.mul(l2, s.alpha / (2 * nb))) as tf.Scalar;
          }, false, net.params);
        });
      }
    }
  } finally {
    optimizer.dispose();
  }
}

function predictNet(net: Net, X: Float32Array, n: number, d: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  const chunk = 1024;
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const p = tf.tidy(() => tf.softmax(net.logits(tf.tensor(X.subarray(start * d, (start + rows) * d), [rows, ...net.exampleShape]))));
    out.set(p.dataSync(), start * k);
    p.dispose();
  }
  return out;
}

/** sklearn's MLP init: uniform ±√(6 / (fan_in + fan_out)) for weights and biases. */
function glorot(shape: number[], fanIn: number, fanOut: number, rng: Rng): tf.Variable {
  return uniform(shape, Math.sqrt(6 / (fanIn + fanOut)), rng);
}

/** PyTorch's default init for conv and linear layers: uniform ±1/√fan_in. */
function torchUniform(shape: number[], fanIn: number, rng: Rng): tf.Variable {
  return uniform(shape, 1 / Math.sqrt(fanIn), rng);
}

function uniform(shape: number[], bound: number, rng: Rng): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => (2 * rng.uniform() - 1) * bound);
  const t = tf.tensor(values, shape);
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}
