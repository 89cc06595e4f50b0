// `privkit synth`: a private CSV in, a synthetic CSV out, with the privacy ledger printed.
import { UserError } from '../../errors.js';
import { readSchema, writeFileAtomic } from '../../data/index.js';
import { synthesize, type SynthReport } from '../../synth/synthesize.js';
import { givenOption, num, numberList, optionForOtherMethod, requiredStr, str, type Command, type OptionValues, type Output } from '../command.js';
import { CLASS_DRAWS, generatorChannelsError, synthesizeImages, type ClassDraw, type ImageSynthOptions, type ImageSynthReport } from '../../synth/images/synthesize-images.js';
import { HP_KERNELS, type HpImageSettings, type HpKernels, type ImageMethod } from '../../synth/images/image-methods.js';
import { PIXEL_ROUNDINGS, type PixelRounding } from '../../synth/images/quantize.js';
import type { MethodName } from '../../synth/methods.js';
import { MMD_ESTIMATORS, type MmdEstimator } from '../../synth/embedding-term.js';
import { progressReporter } from '../synth-progress.js';
import { formatLedger } from '../format-ledger.js';
import { interruptFlag } from '../interrupt.js';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'Write a differentially private synthetic copy of a CSV or of a labelled image set (DP-HP, DP-MERF, DP-NTK; images also DP-MEPF).',
  usage: 'privkit synth data.csv --out synth.csv [--method hp|merf|ntk] [--epsilon 1] [--delta 1e-5] [--target COLUMN] [--schema schema.json] [--rows N] [--seed S] [--report run.json]\n'
    + '       privkit synth --images train-images.idx.gz --labels train-labels.idx.gz --out-images synth-images.idx.gz --out-labels synth-labels.idx.gz [--method hp|merf|ntk|mepf] [--encoder NAME|FILE] [--moments 1|2] [--epsilon 1] [--delta 1e-5] [--count N] [--classes 10] [--preview grid.png] [--seed S] [--report run.json]',
  retired: { 'hp-sum-only': 'the sum kernel alone is DP-HP\'s default since 2026-12-07 (leave the option out; --hp-kernels sum+product adds the product kernels).' },
  options: [
    { name: 'out', scope: 'table', type: 'string', valueName: 'FILE', description: 'Where to write the synthetic CSV (required for a CSV).' },
    { name: 'method', type: 'string', choices: ['hp', 'merf', 'ntk', 'mepf'], default: 'hp', description: 'hp: Hermite-polynomial features (DP-HP); merf: random Fourier features (DP-MERF); ntk: neural tangent kernel features (DP-NTK); mepf (images only): perceptual features of an encoder pre-trained on public images (DP-MEPF).' },
    { name: 'encoder', scope: 'images', methods: ['mepf'], type: 'string', valueName: 'NAME|FILE', description: 'DP-MEPF: the public encoder, a bundled one (fashion-mnist: trained on Fashion-MNIST, for digit-like images; mnist-digits: trained on MNIST digits, for clothing-like images) or a file from `privkit pretrain encoder`.' },
    { name: 'moments', scope: 'images', methods: ['mepf'], type: 'number', valueName: '1|2', description: 'DP-MEPF: release the first moment of the features (1, default) or the first and second (2).' },
    { name: 'moving-average', scope: 'images', methods: ['mepf'], type: 'number', valueName: 'RATE', description: 'DP-MEPF: train the generator with the reference method\'s moving-average update (GFMN): a vector per moment tracks the difference of the released and generated means, updated by Adam at RATE (the reference: 1e-3 for Fashion-MNIST), and steers the generator in place of each batch\'s own difference. Default 0: the plain matching loss, which did as well at privkit\'s 800 steps (BENCHMARKS.md).' },
    { name: 'images', type: 'string', valueName: 'FILE', description: 'Private images (IDX, gzipped or not, pixels 0..255): synthesize images instead of a table.' },
    { name: 'labels', scope: 'images', type: 'string', valueName: 'FILE', description: 'Labels of --images (IDX, 0..classes-1).' },
    { name: 'out-images', scope: 'images', type: 'string', valueName: 'FILE', description: 'Where to write the synthetic images (IDX; gzipped when the name ends in .gz).' },
    { name: 'out-labels', scope: 'images', type: 'string', valueName: 'FILE', description: 'Where to write their labels (IDX).' },
    { name: 'count', scope: 'images', type: 'number', valueName: 'N', description: 'Images to write (default: the privately released image count).' },
    { name: 'classes', scope: 'images', type: 'number', valueName: 'C', default: 10, description: 'Number of classes, declared public (labels must be 0..C-1).' },
    { name: 'steps', scope: 'images', type: 'number', valueName: 'N', description: 'Images: generator training steps (default: the method\'s, e.g. 3000 for hp and merf).' },
    { name: 'generator-channels', scope: 'images', type: 'string', valueName: 'C1,C2', description: 'Images: feature maps of the generator\'s two convolution stages (default 16,8, the papers\'); larger trains slower (64,32 took about twice as long for DP-MEPF on Fashion-MNIST).' },
    { name: 'preview', scope: 'images', type: 'string', valueName: 'FILE', description: 'Also write a PNG grid of synthetic images, one row per class.' },
    { name: 'rounding', scope: 'images', type: 'string', choices: PIXEL_ROUNDINGS, description: 'Images: how generator output becomes pixels. unbiased (default): round up with probability equal to the fraction, so each pixel\'s expected value is the generator\'s; nearest: round to the nearest byte (faint pixels become exactly 0); none: write the unrounded values as float32 IDX in [0, 255], as the papers evaluated them (4× the file size).' },
    { name: 'class-draw', scope: 'images', type: 'string', choices: CLASS_DRAWS, description: 'Images (hp, merf, mepf): the classes of each generator training batch. random (the default for hp): each image\'s class drawn from the released proportions, with the joint-embedding loss, as the DP-HP and DP-MERF reference code trains; balanced (the default for merf, ntk and mepf): equal blocks per class (see BENCHMARKS.md).' },
    { name: 'mmd-estimator', scope: 'images', type: 'string', choices: MMD_ESTIMATORS, description: 'Images (hp, merf, mepf): how each generator batch estimates its distance to the released embedding. biased (default; the papers\' code): the squared distance of the batch mean, which also penalises the variety of each class\'s generated images; unbiased: leaves out each image\'s pairing with itself, so the variety within a class is matched too (DP-HP on Fashion-MNIST, balanced blocks: GaussianNB and GBM gain, LogReg, the MLP and AdaBoost lose; see BENCHMARKS.md); needs balanced class blocks (with hp, add --class-draw balanced).' },
    { name: 'hp-kernels', scope: 'images', methods: ['hp'], type: 'string', choices: HP_KERNELS, description: 'DP-HP images: sum (default): release the sum kernel alone from the whole budget (class counts at 5× its noise multiplier), the setting of the DP-HP paper\'s image figures; sum+product: also one product kernel over 2 random pixels per epoch, ε split 0.8 / 0.2, as the later reference script does.' },
    { name: 'hp-kernel-variance', scope: 'images', methods: ['hp'], type: 'number', valueName: 'V', description: 'DP-HP images: a public per-pixel Gaussian kernel variance σ² (pixels in [0, 1]); default 0.15, the DP-HP paper\'s Fashion-MNIST value (its MNIST value is 0.005).' },
    { name: 'hp-sum-weight', scope: 'images', methods: ['hp'], type: 'number', valueName: 'G', description: 'DP-HP images with --hp-kernels sum+product: the weight γ of the sum-kernel term against the product kernels in the generator loss; default 10, the DP-HP paper\'s Fashion-MNIST value (its MNIST value is 20).' },
    { name: 'length-scale', scope: 'images', methods: ['merf'], type: 'number', valueName: 'L', description: 'DP-MERF images: a public kernel length scale (pixels in [0, 1]); default: a private median of image-pair distances (5% of ε).' },
    { name: 'epsilon', type: 'number', valueName: 'ε', default: 1, description: 'Total privacy budget ε, pre-processing included.' },
    { name: 'delta', type: 'number', valueName: 'δ', default: 1e-5, description: 'Total privacy budget δ.' },
    { name: 'target', scope: 'table', type: 'string', valueName: 'COLUMN', description: 'Categorical column to generate class-conditionally (with privatized class proportions).' },
    { name: 'schema', scope: 'table', type: 'string', valueName: 'FILE', description: 'Schema JSON; columns it declares public cost no privacy (see `privkit schema`).' },
    { name: 'rows', scope: 'table', type: 'number', valueName: 'N', description: 'Rows to write (default: the privately released row count of the input).' },
    { name: 'seed', type: 'number', valueName: 'S', description: 'Seed for everything except the privacy noise (which always comes from a secure source).' },
    { name: 'report', type: 'string', valueName: 'FILE', description: 'Also write the run report (privacy ledger, settings, timings) as JSON.' },
    { name: 'preprocessing-share', scope: 'table', type: 'number', valueName: 'F', default: 0.1, description: 'Share of ε and δ spent on the private schema (bounds, categories, types, row count).' },
    { name: 'no-header', scope: 'table', type: 'boolean', default: false, description: 'The CSV has no header row.' },
  ],
  examples: ['privkit synth adult.csv --out synth.csv --target income --epsilon 1 --report run.json'],
  async run(values, positionals, io) {
    if (str(values, 'images') !== undefined) return runImages(values, positionals, io);
    if (str(values, 'method') === 'mepf') throw new UserError('--method mepf synthesizes images only; add --images FILE (for a CSV use hp, merf or ntk).');
    const imageOption = givenOption(synthCommand, values, 'images');
    if (imageOption) throw new UserError(`--${imageOption} applies to image synthesis; add --images FILE, or leave it out for a CSV.`);
    if (positionals.length !== 1) throw new UserError('privkit synth needs exactly one input CSV, e.g. `privkit synth data.csv --out synth.csv`.');
    const out = str(values, 'out');
    if (!out) throw new UserError('--out is required: name the synthetic CSV to write, e.g. --out synth.csv.');
    const schemaPath = str(values, 'schema');
    const report = await runSynth({
      input: positionals[0]!, output: out, method: (str(values, 'method') ?? 'hp') as MethodName,
      epsilon: num(values, 'epsilon')!, delta: num(values, 'delta')!,
      ...(str(values, 'target') !== undefined ? { target: str(values, 'target')! } : {}),
      ...(schemaPath !== undefined ? { schema: await readSchema(schemaPath) } : {}),
      ...(num(values, 'rows') !== undefined ? { rows: num(values, 'rows')! } : {}),
      ...(num(values, 'seed') !== undefined ? { seed: num(values, 'seed')! } : {}),
      preprocessingShare: num(values, 'preprocessing-share')!,
      header: !values['no-header'],
    }, io);
    const reportPath = str(values, 'report');
    if (reportPath) await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    io.out(`Wrote ${report.rowsWritten} synthetic rows to ${report.output}.\n`);
    io.out(formatLedger(report.privacy));
    io.out(publicLine(report));
    return 0;
  },
};

/** Runs the synthesizer with a progress bar and Ctrl-C handling. */
export async function runSynth(options: Parameters<typeof synthesize>[0], io: Output): Promise<SynthReport> {
  const interrupt = interruptFlag();
  try {
    return await synthesize({ ...options, progress: progressReporter(io), shouldStop: interrupt.raised });
  } finally {
    interrupt.release();
  }
}


async function runImages(values: OptionValues, positionals: string[], io: Output): Promise<number> {
  if (positionals.length > 0) throw new UserError(`Give either a CSV or --images, not both (got '${positionals[0]}' and --images).`);
  const tableOption = givenOption(synthCommand, values, 'table');
  if (tableOption) throw new UserError(`--${tableOption} applies to CSV synthesis; leave it out with --images${tableOption === 'out' ? ' (images are written to --out-images and --out-labels)' : ''}.`);
  const need = (name: string) => requiredStr(values, name, 'privkit synth', ' with --images');
  const method = (str(values, 'method') ?? 'hp') as ImageMethod;
  const otherMethods = optionForOtherMethod(synthCommand, values, method);
  if (otherMethods) throw new UserError(`--${otherMethods.name} applies to --method ${otherMethods.methods!.join(' or ')} only.`);
  const lengthScale = num(values, 'length-scale');
  if (lengthScale !== undefined && !(lengthScale > 0)) throw new UserError(`--length-scale must be a positive number, got ${lengthScale}.`);
  const kernels = str(values, 'hp-kernels');
  if (values['hp-sum-weight'] !== undefined && kernels !== 'sum+product') throw new UserError('--hp-sum-weight weighs the sum kernel against the product kernels; add --hp-kernels sum+product or leave it out.');
  const hp: Partial<HpImageSettings> = {
    ...(kernels !== undefined ? { kernels: kernels as HpKernels } : {}),
    ...(num(values, 'hp-kernel-variance') !== undefined ? { kernelVariance: num(values, 'hp-kernel-variance')! } : {}),
    ...(num(values, 'hp-sum-weight') !== undefined ? { sumWeight: num(values, 'hp-sum-weight')! } : {}),
  };
  const encoder = str(values, 'encoder'), moments = num(values, 'moments'), movingAverage = num(values, 'moving-average');
  if (moments !== undefined && moments !== 1 && moments !== 2) throw new UserError(`--moments must be 1 (first moment) or 2 (first and second), got ${moments}.`);
  const channels = str(values, 'generator-channels');
  const options: ImageSynthOptions = {
    images: need('images'), labels: need('labels'), outImages: need('out-images'), outLabels: need('out-labels'), method,
    epsilon: num(values, 'epsilon')!, delta: num(values, 'delta')!, classes: num(values, 'classes')!,
    ...(num(values, 'count') !== undefined ? { count: num(values, 'count')! } : {}),
    ...(num(values, 'steps') !== undefined ? { steps: num(values, 'steps')! } : {}),
    ...(channels !== undefined ? { generatorChannels: channelPair(channels) } : {}),
    ...(num(values, 'seed') !== undefined ? { seed: num(values, 'seed')! } : {}),
    ...(str(values, 'preview') !== undefined ? { preview: str(values, 'preview')! } : {}),
    rounding: (str(values, 'rounding') ?? 'unbiased') as PixelRounding,
    ...(str(values, 'mmd-estimator') !== undefined ? { estimator: str(values, 'mmd-estimator') as MmdEstimator } : {}),
    ...(str(values, 'class-draw') !== undefined ? { classDraw: str(values, 'class-draw') as ClassDraw } : {}),
    ...(lengthScale !== undefined ? { merf: { lengthScale } } : {}),
    ...(Object.keys(hp).length > 0 ? { hp } : {}),
    ...(encoder !== undefined ? { encoder } : {}),
    ...(moments !== undefined || movingAverage !== undefined ? {
      mepf: { ...(moments !== undefined ? { moments: moments as 1 | 2 } : {}), ...(movingAverage !== undefined ? { movingAverageRate: movingAverage } : {}) },
    } : {}),
  };
  const interrupt = interruptFlag();
  let report: ImageSynthReport;
  try {
    report = await synthesizeImages({ ...options, progress: progressReporter(io), shouldStop: interrupt.raised });
  } finally {
    interrupt.release();
  }
  const reportPath = str(values, 'report');
  if (reportPath) await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  io.out(`Wrote ${report.imagesWritten} synthetic images to ${report.outImages} and their labels to ${report.outLabels}.\n`);
  io.out(formatLedger(report.privacy));
  io.out(publicLine(report));
  return 0;
}

/** "64,32" → [64, 32]; integers and range are checked by synthesizeImages, with the same sentence. */
function channelPair(text: string): [number, number] {
  const parts = numberList(text);
  if (parts?.length !== 2) throw generatorChannelsError(text);
  return [parts[0]!, parts[1]!];
}

function publicLine(report: { treatedAsPublic: string[] }): string {
  return `Treated as public (no noise): ${report.treatedAsPublic.join('; ')}.\n`;
}
