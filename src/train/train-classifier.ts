// The `privkit train` pipeline as a library call: optional public pre-training (reference weights
// for magnitude pruning, or the initialisation), pre-pruning masks, DP-SGD with optional gradient
// dropping, and test accuracy. Public and test data are not private; only `train` is.
import * as tf from '../engine/tf.js';
import { createRng } from '../engine/random/seeded-rng.js';
import { privacyNoiseIsSeeded } from '../engine/random/secure-gaussian.js';
import { exampleCount, type LabelledData } from '../dpsgd/dataset.js';
import { makePrivate, plannedSteps } from '../dpsgd/make-private.js';
import { gradientDropper, maskable, prePruningMasks, zeroPruned, type GradientDropper } from '../dpsgd/masks.js';
import { coordinatesPerStep } from '../dpsgd/noise.js';
import { accuracy, publicGradient, trainNonPrivately, trainPrivately } from '../dpsgd/train.js';
import { createLedger, type Ledger, type LedgerJson } from '../privacy/ledger.js';
import { dpSgdEvent } from '../privacy/events.js';
import { calibrateScale } from '../synth/budget.js';
import { UserError } from '../errors.js';
import { buildClassifier, type Architecture, type Classifier } from '../nn/models.js';
import { PUBLIC_PRETRAINING } from './defaults.js';
import { releaseRecordCount } from './dataset-size.js';

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export interface TrainClassifierOptions {
  readonly train: LabelledData;
  readonly test?: LabelledData;
  readonly publicData?: LabelledData;
  readonly architecture: Architecture;
  readonly epsilon: number;
  readonly delta: number;
  readonly clip: number;
  /** Expected (Poisson) batch size; the sampling rate is batchSize / N. */
  readonly batchSize: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  readonly prune?: { rate: number; mode: 'random' | 'magnitude' };
  readonly drop?: { rate: number; mode: 'random' | 'public' };
  /** 'public': start from the model trained on public data; 'random' (default): from scratch. */
  readonly init?: 'random' | 'public';
  readonly seed: number;
  readonly onProgress?: (phase: 'public' | 'private', done: number, total: number) => void;
  readonly onEpoch?: (epoch: number, epochs: number) => void;
  readonly signal?: AbortSignal;
  /**
   * A ledger that already holds earlier releases of the same data (e.g. a privately estimated
   * schema); the noise is then calibrated so that the total stays within its budget. Without it a
   * fresh add/remove-one ledger with budget (epsilon, delta) is used.
   */
  readonly ledger?: Ledger;
  /**
   * The number of training records as declared public by the user or already released (e.g. by a
   * private schema), for the sampling rate q = batchSize / size. Without it a noisy count is
   * released first (1% of the budget's ρ, in the ledger): the exact count is private.
   */
  readonly publicSize?: number;
}

export interface TrainClassifierResult {
  readonly model: Classifier;
  readonly testAccuracy: number | null;
  readonly noiseMultiplier: number;
  readonly steps: number;
  readonly sampleRate: number;
  readonly epsilon: number;
  readonly delta: number;
  readonly ledger: LedgerJson;
  /** Coordinates DP-SGD updates (and noises) per step; the noise energy is σ²C² times this. */
  readonly trainedCoordinates: number;
  readonly totalCoordinates: number;
  readonly noiseSeededForTesting: boolean;
  readonly seconds: { public: number; private: number };
}

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  if (name === 'sgd') return tf.train.sgd(learningRate);
  if (name === 'momentum') return tf.train.momentum(learningRate, 0.9);
  return tf.train.adam(learningRate);
}

function copyWeights(from: Classifier, to: Classifier): void {
  from.params.forEach((p, i) => to.params[i]!.assign(p));
}

export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainClassifierResult> {
  const { train, publicData, seed } = options;
  const n = exampleCount(train);
  const needsPublic = options.prune?.mode === 'magnitude' || options.drop?.mode === 'public' || options.init === 'public';
  if (needsPublic && !publicData) throw new UserError('Magnitude pruning, public gradient dropping and --init public need public data: pass --public-images and --public-labels.');
  const rng = createRng(seed ^ 0x5eed);
  const model = buildClassifier(options.architecture, seed);

  const t0 = performance.now();
  let reference: Classifier | null = null;
  if (publicData && (options.prune?.mode === 'magnitude' || options.init === 'public')) {
    reference = buildClassifier(options.architecture, seed + 1);
    const adam = tf.train.adam(PUBLIC_PRETRAINING.learningRate);
    await trainNonPrivately(reference, publicData, adam, {
      epochs: PUBLIC_PRETRAINING.epochs, batchSize: PUBLIC_PRETRAINING.batchSize, rng,
      onStep: (d, t) => options.onProgress?.('public', d, t), ...(options.signal ? { signal: options.signal } : {}),
    });
    adam.dispose();
    if (options.init === 'public') copyWeights(reference, model);
  }
  const t1 = performance.now();

  const prune = options.prune
    ? prePruningMasks(model.params, options.prune.rate, options.prune.mode, rng,
      reference ? new Map(maskable(model.params).map((p) => [p, reference!.params[model.params.indexOf(p)]!.dataSync() as Float32Array])) : undefined)
    : new Map<tf.Variable, tf.Tensor>();
  reference?.params.forEach((p) => p.dispose());
  zeroPruned(prune);
  let dropper: GradientDropper | undefined;
  if (options.drop) {
    const scores = options.drop.mode === 'public' ? publicGradient(model, publicData!, 256, rng) : undefined;
    dropper = gradientDropper(model.params, options.drop.rate, options.drop.mode, rng, scores);
  }
  const trainedCoordinates = coordinatesPerStep(model.params, prune, options.drop?.rate ?? null);

  // Clipped-sum sensitivity C under add/remove-one neighbours (the DP-SGD convention of Opacus).
  const ledger = options.ledger ?? createLedger({ epsilon: options.epsilon, delta: options.delta, adjacency: 'add-remove-one' });
  if (ledger.toJSON().adjacency !== 'add-remove-one') throw new Error('DP-SGD accounting needs an add/remove-one ledger.');
  const size = options.publicSize ?? releaseRecordCount(ledger, n);
  if (options.batchSize > size) throw new UserError(`The batch size ${options.batchSize} exceeds the number of training records (${options.publicSize !== undefined ? 'declared' : 'privately released'}: ${size}); pass a smaller --batch-size.`);
  const optimizer = makeOptimizer(options.optimizer, options.learningRate);
  const sampleRate = options.batchSize / size;
  const steps = plannedSteps(options.epochs, sampleRate);
  const noise = ledger.entries().length === 0
    ? { targetEpsilon: ledger.budget.epsilon }
    : { noiseMultiplier: calibrateScale(ledger, (sigma) => [dpSgdEvent(sigma, sampleRate, steps)]) };
  const opt = makePrivate({
    model, optimizer, maxGradNorm: options.clip, ...noise, delta: ledger.budget.delta, sampleRate,
    epochs: options.epochs, datasetSize: n, expectedBatchSize: options.batchSize, prune, ...(dropper ? { dropper } : {}), ledger, label: 'DP-SGD training',
  });
  const stepsPerEpoch = Math.max(1, Math.round(1 / sampleRate));
  try {
    await trainPrivately(train, opt, {
      onStep: (done, total) => {
        options.onProgress?.('private', done, total);
        if (done % stepsPerEpoch === 0 || done === total) options.onEpoch?.(Math.ceil(done / stepsPerEpoch), Math.ceil(total / stepsPerEpoch));
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    opt.close();
    optimizer.dispose();
    tf.dispose([...prune.values()]);
  }
  const t2 = performance.now();
  return {
    model,
    testAccuracy: options.test ? accuracy(model, options.test) : null,
    noiseMultiplier: opt.noiseMultiplier, steps: opt.steps, sampleRate, epsilon: ledger.spent().epsilon, delta: ledger.budget.delta,
    ledger: ledger.toJSON(),
    trainedCoordinates, totalCoordinates: model.params.reduce((a, p) => a + p.size, 0),
    noiseSeededForTesting: privacyNoiseIsSeeded(),
    seconds: { public: (t1 - t0) / 1000, private: (t2 - t1) / 1000 },
  };
}
