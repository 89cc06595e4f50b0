// `privkit train`: DP-SGD for image (IDX) or tabular (CSV) classifiers, with optional pre-pruning
// and gradient dropping chosen on public data; prints test accuracy and the privacy spent.
import { UserError } from '../../errors.js';
import { initEngine } from '../../engine/index.js';
import { readSchema, writeFileAtomic } from '../../data/index.js';
import { createLedger } from '../../privacy/ledger.js';
import { preprocessingBudget } from '../../synth/synthesize.js';
import type { LabelledData } from '../../dpsgd/dataset.js';
import type { Architecture } from '../../nn/models.js';
import { modelToFile, type InputPreparation } from '../../nn/model-file.js';
import { TRAINING_DEFAULTS } from '../../train/defaults.js';
import { readLabelledImages } from '../../train/image-data.js';
import { readEncodedTable, readPrivateTable } from '../../train/table-data.js';
import { trainClassifier, type OptimizerName, type TrainClassifierOptions, type TrainClassifierResult } from '../../train/train-classifier.js';
import { num, str, type Command, type OptionValues, type Output } from '../command.js';
import { formatLedger } from '../format-ledger.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress, type Progress } from '../progress.js';

type ModelKind = 'cnn' | 'lenet' | 'mlp' | 'logistic';

interface Prepared {
  train: LabelledData;
  test?: LabelledData;
  publicData?: LabelledData;
  architecture: Architecture;
  input: InputPreparation;
  ledger?: ReturnType<typeof createLedger>;
  /** The privately released row count (tables), used for the sampling rate instead of the exact one. */
  publicSize?: number;
}

function pair(values: OptionValues, images: string, labels: string): [string, string] | null {
  const a = str(values, images), b = str(values, labels);
  if ((a === undefined) !== (b === undefined)) throw new UserError(`Give --${images} and --${labels} together.`);
  return a === undefined ? null : [a, b!];
}

function flatten(data: LabelledData): LabelledData {
  return { ...data, exampleShape: [data.exampleShape.reduce((a, b) => a * b, 1)] };
}

async function prepareImages(values: OptionValues, model: ModelKind): Promise<Prepared> {
  const classes = num(values, 'classes')!;
  const trainFiles = pair(values, 'train-images', 'train-labels')!;
  const testFiles = pair(values, 'test-images', 'test-labels');
  const publicFiles = pair(values, 'public-images', 'public-labels');
  let train = await readLabelledImages(trainFiles[0], trainFiles[1], classes);
  let test = testFiles ? await readLabelledImages(testFiles[0], testFiles[1], classes) : undefined;
  let publicData = publicFiles ? await readLabelledImages(publicFiles[0], publicFiles[1], classes) : undefined;
  const shape = train.exampleShape as [number, number, number];
  for (const [name, d] of [['test', test], ['public', publicData]] as const) {
    if (d && d.exampleShape.join('x') !== shape.join('x')) throw new UserError(`The ${name} images are ${d.exampleShape.join('×')} but the training images are ${shape.join('×')}; pass images of one size.`);
  }
  const flat = model !== 'cnn' && model !== 'lenet';
  if (flat) {
    train = flatten(train);
    test = test && flatten(test);
    publicData = publicData && flatten(publicData);
  }
  const size = shape[0] * shape[1] * shape[2];
  const architecture: Architecture = model === 'cnn' ? { kind: 'cnn', inputShape: shape, classes }
    : model === 'lenet' ? { kind: 'lenet', inputShape: shape, classes }
    : model === 'mlp' ? { kind: 'mlp', inputSize: size, hidden: [256], classes } : { kind: 'logistic', inputSize: size, classes };
  return {
    train, ...(test ? { test } : {}), ...(publicData ? { publicData } : {}), architecture,
    input: { kind: 'image', shape, scaling: 'pixel/127.5-1', flatten: flat },
  };
}

async function prepareTable(values: OptionValues, model: ModelKind): Promise<Prepared> {
  if (model === 'cnn' || model === 'lenet') throw new UserError(`--model ${model} needs images; for a CSV use --model mlp or --model logistic.`);
  const target = str(values, 'target');
  if (!target) throw new UserError('--target is required with --csv: name the column to predict.');
  const epsilon = num(values, 'epsilon')!, delta = num(values, 'delta')!;
  const ledger = createLedger({ epsilon, delta, adjacency: 'add-remove-one' });
  const schemaPath = str(values, 'schema');
  const { data, encoding, schema, releasedRowCount } = await readPrivateTable({
    path: str(values, 'csv')!, target, ledger, budget: preprocessingBudget(epsilon, delta, 0.1),
    ...(schemaPath ? { userSchema: await readSchema(schemaPath) } : {}),
  });
  const testCsv = str(values, 'test-csv');
  const test = testCsv ? await readEncodedTable(testCsv, encoding) : undefined;
  const width = encoding.encoder.width, classes = encoding.classes.length;
  const architecture: Architecture = model === 'mlp' ? { kind: 'mlp', inputSize: width, hidden: [64], classes } : { kind: 'logistic', inputSize: width, classes };
  return {
    train: data, ...(test ? { test } : {}), architecture, ledger, ...(releasedRowCount !== null ? { publicSize: releasedRowCount } : {}),
    input: { kind: 'table', encoder: { schema: { ...schema, columns: schema.columns.filter((c) => c.name !== target) } }, target, classLabels: [...encoding.classes] },
  };
}

function rate(values: OptionValues, name: string): number | undefined {
  const r = num(values, name);
  if (r !== undefined && !(r >= 0 && r < 1)) throw new UserError(`--${name} must be a fraction in [0, 1), got ${r}.`);
  return r;
}

/** One progress bar per epoch (and one for public pre-training), on a terminal only. */
function epochBars(io: Output, epochs: number): { onProgress: TrainClassifierOptions['onProgress']; done: () => void } {
  let bar: Progress | null = null;
  return {
    onProgress(phase, done, total) {
      // Steps per epoch from the public plan (steps = epochs / q), not from the private count.
      const stepsPerEpoch = Math.max(1, Math.round(total / epochs));
      if (phase === 'public') {
        bar ??= createProgress('pre-training on public data', total, io);
      } else if ((done - 1) % stepsPerEpoch === 0) {
        bar?.done();
        const epochCount = Math.ceil(total / stepsPerEpoch), epoch = Math.floor((done - 1) / stepsPerEpoch) + 1;
        bar = createProgress(`DP-SGD epoch ${epoch}/${epochCount}`, Math.min(stepsPerEpoch, total - done + 1), io);
      }
      bar?.tick();
      if (done === total) { bar?.done(); bar = null; }
    },
    done() { bar?.done(); },
  };
}

function report(result: TrainClassifierResult, target: number, values: OptionValues, testCount: number | null): Record<string, unknown> {
  return {
    testAccuracy: result.testAccuracy, testExamples: testCount,
    epsilon: result.epsilon, delta: result.delta, targetEpsilon: target,
    noiseMultiplier: result.noiseMultiplier, steps: result.steps, sampleRate: result.sampleRate,
    clip: num(values, 'clip'), trainedCoordinatesPerStep: result.trainedCoordinates, totalCoordinates: result.totalCoordinates,
    noiseSeededForTesting: result.noiseSeededForTesting, ledger: result.ledger, seconds: result.seconds,
  };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a classifier with DP-SGD (per-example clipping, Poisson sampling, Gaussian noise), optionally pre-pruned and with gradient dropping chosen on public data.',
  usage: 'privkit train (--train-images X.idx.gz --train-labels Y.idx.gz | --csv data.csv --target COLUMN) [--test-images ... --test-labels ... | --test-csv test.csv] [--model cnn|lenet|mlp|logistic] [--epsilon 3] [--delta 1e-5] [--out model.json] [--json]',
  options: [
    { name: 'train-images', type: 'string', valueName: 'FILE', description: 'Private training images (IDX, gzipped or not; pixels 0-255).' },
    { name: 'train-labels', type: 'string', valueName: 'FILE', description: 'Their labels (IDX, 0..classes-1).' },
    { name: 'test-images', type: 'string', valueName: 'FILE', description: 'Test images for the reported accuracy (not private; never used in training).' },
    { name: 'test-labels', type: 'string', valueName: 'FILE', description: 'Their labels.' },
    { name: 'public-images', type: 'string', valueName: 'FILE', description: 'Public images: choose pruning masks or dropped gradients at no privacy cost.' },
    { name: 'public-labels', type: 'string', valueName: 'FILE', description: 'Their labels.' },
    { name: 'classes', type: 'number', valueName: 'C', default: 10, description: 'Number of image classes (public: labels must be 0..C-1).' },
    { name: 'csv', type: 'string', valueName: 'FILE', description: 'Private training table (CSV with a header).' },
    { name: 'target', type: 'string', valueName: 'COLUMN', description: 'With --csv: the categorical column to predict.' },
    { name: 'test-csv', type: 'string', valueName: 'FILE', description: 'With --csv: test table for the reported accuracy.' },
    { name: 'schema', type: 'string', valueName: 'FILE', description: 'With --csv: schema JSON; columns it declares public cost no privacy.' },
    { name: 'public-size', type: 'number', valueName: 'N', description: 'Declare the number of training records public (e.g. a published dataset size); without it a noisy count is released with 1% of the budget.' },
    { name: 'model', type: 'string', choices: ['cnn', 'lenet', 'mlp', 'logistic'], description: 'Architecture (default: cnn for images, mlp for tables; lenet: the LeNet-5 of Dirichlet pruning, images only).' },
    { name: 'epsilon', type: 'number', valueName: 'ε', default: 3, description: 'Total privacy budget ε (the noise is calibrated to it).' },
    { name: 'delta', type: 'number', valueName: 'δ', default: 1e-5, description: 'Total privacy budget δ.' },
    { name: 'clip', type: 'number', valueName: 'C', description: 'Per-example clipping norm (default per model: 0.1 for cnn, lenet, mlp and logistic).' },
    { name: 'batch-size', type: 'number', valueName: 'B', description: 'Expected batch size under Poisson sampling (default: cnn 2048, others 1024).' },
    { name: 'epochs', type: 'number', valueName: 'E', description: 'Passes over the data (default: cnn 40, others 20).' },
    { name: 'lr', type: 'number', valueName: 'η', description: 'Learning rate (default: cnn 4, others 2, for SGD with momentum 0.9).' },
    { name: 'optimizer', type: 'string', choices: ['momentum', 'sgd', 'adam'], default: 'momentum', description: 'Optimizer applied to the noisy gradient.' },
    { name: 'prune', type: 'number', valueName: 'P', description: 'Pre-pruning rate: fraction of each weight tensor frozen at 0 (e.g. 0.8).' },
    { name: 'prune-mode', type: 'string', choices: ['random', 'magnitude'], default: 'random', description: 'Which weights survive pre-pruning: random, or largest magnitude in a model trained on the public data.' },
    { name: 'grad-drop', type: 'number', valueName: 'R', description: 'Gradient-dropping rate: fraction of the trainable coordinates not updated (nor noised) at each step.' },
    { name: 'drop-mode', type: 'string', choices: ['random', 'public'], default: 'random', description: 'Which coordinates each step updates: fresh random ones, or those with the largest gradient on a public batch.' },
    { name: 'init', type: 'string', choices: ['random', 'public'], default: 'random', description: 'Start from random weights or from the model trained on the public data.' },
    { name: 'seed', type: 'number', valueName: 'S', description: 'Seed for initialisation and masks (privacy noise and sampling always use a secure source).' },
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Save the model (architecture, weights, privacy record) as JSON for `privkit predict`.' },
    { name: 'json', type: 'boolean', default: false, description: 'Print the result as JSON.' },
  ],
  examples: [
    'privkit train --train-images train-images-idx3-ubyte.gz --train-labels train-labels-idx1-ubyte.gz --test-images t10k-images-idx3-ubyte.gz --test-labels t10k-labels-idx1-ubyte.gz --epsilon 3 --out model.json',
    'privkit train --csv adult.csv --target income --test-csv adult-test.csv --model logistic --epsilon 1',
  ],
  async run(values, _positionals, io) {
    const images = str(values, 'train-images') !== undefined || str(values, 'train-labels') !== undefined;
    const table = str(values, 'csv') !== undefined;
    if (images === table) throw new UserError('Give either --train-images with --train-labels, or --csv with --target.');
    const model = (str(values, 'model') ?? (images ? 'cnn' : 'mlp')) as ModelKind;
    const defaults = TRAINING_DEFAULTS[model];
    const out = str(values, 'out');
    await initEngine();
    const prepared = images ? await prepareImages(values, model) : await prepareTable(values, model);
    const prune = num(values, 'prune') !== undefined ? { rate: rate(values, 'prune')!, mode: (str(values, 'prune-mode') ?? 'random') as 'random' | 'magnitude' } : undefined;
    const drop = num(values, 'grad-drop') !== undefined ? { rate: rate(values, 'grad-drop')!, mode: (str(values, 'drop-mode') ?? 'random') as 'random' | 'public' } : undefined;
    const batchSize = num(values, 'batch-size') ?? defaults.batchSize;
    const epochs = num(values, 'epochs') ?? defaults.epochs;
    const bars = epochBars(io, epochs);
    const interrupt = interruptSignal('Interrupted; no model was written.');
    const clip = num(values, 'clip') ?? defaults.clip;
    let result: TrainClassifierResult;
    try {
      result = await trainClassifier({
        train: prepared.train, ...(prepared.test ? { test: prepared.test } : {}), ...(prepared.publicData ? { publicData: prepared.publicData } : {}),
        architecture: prepared.architecture, epsilon: num(values, 'epsilon')!, delta: num(values, 'delta')!,
        clip, batchSize, epochs,
        learningRate: num(values, 'lr') ?? defaults.learningRate, optimizer: (str(values, 'optimizer') ?? 'momentum') as OptimizerName,
        ...(prune ? { prune } : {}), ...(drop ? { drop } : {}), init: (str(values, 'init') ?? 'random') as 'random' | 'public',
        seed: num(values, 'seed') ?? Math.floor(Math.random() * 2 ** 31),
        onProgress: bars.onProgress, signal: interrupt.signal, ...(prepared.ledger ? { ledger: prepared.ledger } : {}),
        ...(num(values, 'public-size') !== undefined ? { publicSize: num(values, 'public-size')! } : prepared.publicSize !== undefined ? { publicSize: prepared.publicSize } : {}),
      });
    } finally {
      interrupt.release();
      bars.done();
    }
    const summary = report(result, num(values, 'epsilon')!, { ...values, clip }, prepared.test ? prepared.test.labels.length : null);
    if (out) {
      // Neither the test accuracy (a test-set figure) nor timings (they track the realised batch sizes) go into the model file.
      await writeFileAtomic(out, `${JSON.stringify(modelToFile(result.model, prepared.input, { ...summary, testAccuracy: undefined, testExamples: undefined, seconds: undefined }, {
        model, prune: prune ?? null, drop: drop ?? null, init: str(values, 'init') ?? 'random',
      }))}\n`);
    }
    if (values.json) {
      io.out(`${JSON.stringify({ ...summary, model: out ?? null }, null, 2)}\n`);
      return 0;
    }
    const lines: string[] = [];
    if (result.testAccuracy !== null) lines.push(`Test accuracy: ${result.testAccuracy.toFixed(4)} on ${prepared.test!.labels.length} test examples.`);
    lines.push(`Privacy spent: ε = ${result.epsilon.toFixed(4)} at δ = ${result.delta} (target ε = ${num(values, 'epsilon')}); noise multiplier σ = ${result.noiseMultiplier.toFixed(4)}, ${result.steps} steps at sampling rate ${result.sampleRate.toPrecision(4)}, clipping norm ${clip}.`);
    if (prune || drop) lines.push(`Coordinates updated and noised per step: ${result.trainedCoordinates} of ${result.totalCoordinates}.`);
    if (result.noiseSeededForTesting) lines.push('WARNING: privacy noise was seeded for testing; this model is NOT private.');
    io.out(`${lines.join('\n')}\n`);
    io.out(formatLedger(result.ledger));
    if (out) io.out(`Wrote the model to ${out}.\n`);
    return 0;
  },
};
