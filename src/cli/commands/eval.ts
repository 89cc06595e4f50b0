// `privkit eval`: train on synthetic, test on real, with the twelve classifiers of the papers.
// Tables (CSV, --real/--synthetic/--target) or images (IDX, --real-images/--real-labels/
// --synthetic-images/--synthetic-labels).
import { UserError } from '../../errors.js';
import { evaluateCsv } from '../../eval/evaluate-csv.js';
import { evaluateImageFiles } from '../../eval/images/evaluate-image-files.js';
import { DEFAULT_CAPPED_IMAGES, IMAGE_PAPERS, IMAGE_SUITE, LINEAR_FITS, type ImagePaper, type LinearFit } from '../../eval/images/protocol.js';
import { givenOption, num, requiredStr, str, type Command, type OptionValues, type Output } from '../command.js';
import { createProgress } from '../progress.js';
import { formatImageUtility } from '../format-image-utility.js';
import { formatUtility } from '../format-utility.js';

const IMAGE_FILES = ['real-images', 'real-labels', 'synthetic-images', 'synthetic-labels'] as const;
// The image files (or --classes) pick images mode; every other option says its mode by its scope.
const IMAGE_MODE = [...IMAGE_FILES, 'classes'] as const;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Utility of synthetic data (tables or images): twelve classifiers trained on it and tested on real data.',
  usage: 'privkit eval --real test.csv --synthetic synth.csv --target COLUMN [--train real-train.csv] [--json]\n'
    + '       privkit eval --real-images FILE --real-labels FILE --synthetic-images FILE --synthetic-labels FILE [--json]',
  options: [
    { name: 'real', scope: 'table', type: 'string', valueName: 'FILE', description: 'Tables mode: real test data (CSV).' },
    { name: 'synthetic', scope: 'table', type: 'string', valueName: 'FILE', description: 'Tables mode: synthetic data to train on (CSV).' },
    { name: 'target', scope: 'table', type: 'string', valueName: 'COLUMN', description: 'Tables mode: categorical column to predict.' },
    { name: 'train', scope: 'table', type: 'string', valueName: 'FILE', description: 'Tables mode: real training data, adds the real-data baseline to the table.' },
    { name: 'real-images', scope: 'images', type: 'string', valueName: 'FILE', description: 'Images mode: real test images (IDX, gzipped or not, pixels 0–255).' },
    { name: 'real-labels', scope: 'images', type: 'string', valueName: 'FILE', description: 'Images mode: their labels (IDX, 0..C−1).' },
    { name: 'synthetic-images', scope: 'images', type: 'string', valueName: 'FILE', description: 'Images mode: synthetic images to train on (IDX: bytes, or unrounded float32 values in 0–255).' },
    { name: 'synthetic-labels', scope: 'images', type: 'string', valueName: 'FILE', description: 'Images mode: their labels (IDX).' },
    { name: 'classes', scope: 'images', type: 'number', valueName: 'C', description: 'Images mode: the number of classes (default: largest label + 1).' },
    { name: 'cap-images', scope: 'images', type: 'number', valueName: 'N', default: DEFAULT_CAPPED_IMAGES, description: 'Images mode: RandomForest and HistGB, the slowest, train on a stratified subsample of at most N images (0: all).' },
    { name: 'paper', scope: 'images', type: 'string', choices: IMAGE_PAPERS, default: 'dp-merf', description: 'Images mode: whose benchmark script to follow where they differ (AdaBoost): dp-merf (100 stumps) or dp-hp (1,000 stumps at rate 0.7, as in the DP-HP paper\'s Fig. 3).' },
    { name: 'linear', scope: 'images', type: 'string', choices: LINEAR_FITS, default: 'capped', description: 'Images mode: LogReg and LinearSVM stopped after 100 L-BFGS iterations (capped, seconds) or run to convergence as the papers did (converged: scikit-learn\'s gradient test, or until the objective stops decreasing; minutes on 60,000 images). The JSON and the table say how each fit ended.' },
    { name: 'cnn-epochs', scope: 'images', type: 'number', valueName: 'E', default: 2, description: 'Images mode: epochs of the CNN reported beside the twelve (0 leaves it out).' },
    { name: 'seed', type: 'number', valueName: 'S', default: 0, description: 'Seed of the randomized classifiers.' },
    { name: 'json', type: 'boolean', default: false, description: 'Print one JSON object with every figure.' },
  ],
  examples: [
    'privkit eval --real adult-test.csv --synthetic synth.csv --target income --train adult-train.csv',
    'privkit eval --real-images t10k-images-idx3-ubyte.gz --real-labels t10k-labels-idx1-ubyte.gz --synthetic-images synth-images.idx.gz --synthetic-labels synth-labels.idx.gz',
  ],
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UserError(`privkit eval takes its files as options (--real, --synthetic), got '${positionals[0]}'.`);
    if (IMAGE_MODE.some((name) => values[name] !== undefined)) return runImages(values, io);
    const imageOption = givenOption(evalCommand, values, 'images');
    if (imageOption) throw new UserError(`--${imageOption} is for images; with tables pass --real, --synthetic and --target (and --train for the real-data baseline).`);
    const need = (name: string) => requiredStr(values, name, 'privkit eval');
    const real = need('real'), synthetic = need('synthetic'), target = need('target'), train = str(values, 'train');
    const bar = createProgress('evaluating', train ? 24 : 12, io);
    const report = await evaluateCsv({ real, synthetic, target, ...(train ? { train } : {}), seed: num(values, 'seed')!, onResult: () => bar.tick() });
    bar.done();
    io.out(values.json ? `${JSON.stringify(report)}\n` : formatUtility(report));
    return 0;
  },
};

async function runImages(values: OptionValues, io: Output): Promise<number> {
  const tableOption = givenOption(evalCommand, values, 'table');
  if (tableOption) throw new UserError(`--${tableOption} is for tables; with images pass only --real-images, --real-labels, --synthetic-images and --synthetic-labels.`);
  const files = IMAGE_FILES.map((name) => {
    const v = str(values, name);
    if (!v) throw new UserError(`--${name} is required with images: pass --real-images, --real-labels, --synthetic-images and --synthetic-labels.`);
    return v;
  });
  const capImages = num(values, 'cap-images')!, cnnEpochs = num(values, 'cnn-epochs')!, classes = num(values, 'classes');
  if (!Number.isInteger(capImages) || capImages < 0) throw new UserError(`--cap-images must be a whole number ≥ 0 (0 for all images), got ${capImages}.`);
  if (!Number.isInteger(cnnEpochs) || cnnEpochs < 0) throw new UserError(`--cnn-epochs must be a whole number ≥ 0, got ${cnnEpochs}.`);
  const bar = createProgress('evaluating', IMAGE_SUITE.length + (cnnEpochs > 0 ? 1 : 0), io);
  const report = await evaluateImageFiles({
    realImages: files[0]!, realLabels: files[1]!, syntheticImages: files[2]!, syntheticLabels: files[3]!,
    ...(classes !== undefined ? { classes } : {}),
    seed: num(values, 'seed')!,
    cnn: cnnEpochs > 0 ? { epochs: cnnEpochs } : false,
    protocol: { cappedImages: capImages === 0 ? Infinity : capImages, paper: str(values, 'paper') as ImagePaper, linearFit: str(values, 'linear') as LinearFit },
    onResult: () => bar.tick(),
  });
  bar.done();
  io.out(values.json ? `${JSON.stringify(report)}\n` : formatImageUtility(report));
  return 0;
}
