// `privkit synth --images`: private labelled images in, synthetic labelled images out.
//   1. (DP-MERF without a given length scale) a private median of image-pair distances;
//   2. one pass over the images: per-class sums of every embedding of the method;
//   3. one noisy release of the class counts and of each sum, calibrated jointly to the budget;
//   4. generator training on the released values only; 5. sampling, IDX output, a preview grid.
// Neighbouring datasets differ in one image (replace-one); the number of classes is declared.
import { checkBudgetOptions, stopwatch } from '../run-checks.js';
import { UserError } from '../../errors.js';
import * as tf from '../../engine/tf.js';
import { createRng, initEngine, privacyNoiseIsSeeded, type Rng } from '../../engine/index.js';
import { writeIdx, writePngGrid } from '../../data/index.js';
import { checkWritableTarget } from '../../data/atomic-write.js';
import { createLedger, gaussian, type LedgerJson, type PrivacyEvent } from '../../privacy/index.js';
import { readLabelledImages, unitPixels } from '../../train/image-data.js';
import { calibrateScale } from '../budget.js';
import { classMeans, oneHotFloat, releasedProportions, releaseSum } from '../mean-embedding.js';
import { blockLabels, MMD_ESTIMATORS, type MmdEstimator } from '../embedding-term.js';
import { drawClassCounts } from '../sample-rows.js';
import { stepDecay, trainGenerator } from '../train-generator.js';
import type { SynthProgress, SynthReportCommon } from '../synthesize.js';
import { createImageGenerator, type ImageGenerator } from './conv-generator.js';
import {
  DEFAULT_HP_IMAGES, DEFAULT_MERF_IMAGES, DEFAULT_NTK_IMAGES, HP_KERNELS, planHpImages, planMerfImages,
  type HpImageSettings, type ImageMethod, type ImagePlan, type MerfImageSettings, type NtkImageSettings,
} from './image-methods.js';
import { planNtkImages } from './ntk-method.js';
import { DEFAULT_MEPF_IMAGES, planMepfImages, type MepfImageSettings } from '../../mepf/terms.js';
import { loadEncoder } from '../../mepf/encoder-file.js';
import { encoderPath } from '../../mepf/bundled-encoders.js';
import type { Encoder } from '../../mepf/encoder.js';
import { privateMedianDistance } from './length-scale.js';
import { PIXEL_ROUNDINGS, quantizePixels, scaleToPixels, type PixelRounding } from './quantize.js';

export interface ImageSynthOptions {
  images: string;
  labels: string;
  outImages: string;
  outLabels: string;
  method?: ImageMethod;
  epsilon: number;
  delta: number;
  /** Number of classes, declared (public); labels must be 0..classes−1. */
  classes?: number;
  /** Images to write (default: the released image count). */
  count?: number;
  /** Generator training steps (default: the method's). */
  steps?: number;
  /**
   * Feature maps of the generator's two convolution stages (default 16, 8, the papers'). More
   * capacity, slower training: 64, 32 took about twice as long for DP-MEPF on Fashion-MNIST (BENCHMARKS.md).
   */
  generatorChannels?: readonly [number, number];
  seed?: number;
  preview?: string;
  /** How generator output becomes pixels (default 'unbiased' bytes; 'none': float32 values; see quantize.ts). */
  rounding?: PixelRounding;
  /**
   * How generator batches estimate the distance to the released means: 'biased' (default, the
   * papers' code; DP-NTK has only this one) or 'unbiased'. See embedding-term.ts.
   */
  estimator?: MmdEstimator;
  /**
   * How each training batch picks its classes: 'balanced' (equal class blocks; the default for merf,
   * ntk and mepf) or 'random' (each row's class drawn from the released proportions, with the
   * joint-embedding loss, as the DP-HP and DP-MERF reference code trains; the default for hp; hp,
   * merf and mepf without the moving average).
   */
  classDraw?: ClassDraw;
  /** Share of ε for DP-MERF's private length scale (default 0.05). */
  lengthScaleShare?: number;
  merf?: Partial<MerfImageSettings>;
  hp?: Partial<HpImageSettings>;
  ntk?: Partial<NtkImageSettings>;
  mepf?: Partial<MepfImageSettings>;
  /** DP-MEPF: an encoder file, or the name of a bundled one ('fashion-mnist', 'mnist-digits'). */
  encoder?: string;
  progress?: SynthProgress;
  shouldStop?: () => boolean;
}

export interface ImageSynthReport extends SynthReportCommon {
  method: ImageMethod;
  images: string;
  outImages: string;
  outLabels: string;
  imagesWritten: number;
  imageShape: number[];
  classes: number;
  /** Released class proportions (post-processed). */
  classProportions: number[];
}

export type ClassDraw = 'balanced' | 'random';
export const CLASS_DRAWS: readonly ClassDraw[] = ['balanced', 'random'];
/** DP-HP trains as its paper's figures were made (random draws); the others keep the balanced blocks they were measured with. */
export const defaultClassDraw = (method: ImageMethod): ClassDraw => (method === 'hp' ? 'random' : 'balanced');

const quiet: SynthProgress = { phase() {}, tick() {}, log() {} };
const CHUNK = 1000;
/** The papers' generator (DP-MERF's ConvCondGen): 16 and 8 feature maps. */
export const DEFAULT_GENERATOR_CHANNELS: readonly [number, number] = [16, 8];
const MAX_GENERATOR_CHANNELS = 256;

/** The one sentence for a bad --generator-channels (the CLI's parse and the check below share it). */
export function generatorChannelsError(got: string): UserError {
  return new UserError(`--generator-channels must be two integers from 1 to ${MAX_GENERATOR_CHANNELS} separated by a comma, e.g. 64,32; got '${got}'.`);
}

function check(o: ImageSynthOptions): void {
  checkBudgetOptions(o.epsilon, o.delta, 'images');
  if (o.count !== undefined && !(Number.isInteger(o.count) && o.count > 0)) throw new UserError(`--count must be a positive integer, got ${o.count}.`);
  if (o.steps !== undefined && !(Number.isInteger(o.steps) && o.steps > 0)) throw new UserError(`--steps must be a positive integer, got ${o.steps}.`);
  if (o.generatorChannels !== undefined && !(o.generatorChannels.length === 2 && o.generatorChannels.every((c) => Number.isInteger(c) && c >= 1 && c <= MAX_GENERATOR_CHANNELS))) {
    throw generatorChannelsError(o.generatorChannels.join(','));
  }
  if (o.classes !== undefined && !(Number.isInteger(o.classes) && o.classes >= 1 && o.classes <= 65_536)) throw new UserError(`--classes must be an integer from 1 to 65536, got ${o.classes}.`);
  if (o.rounding !== undefined && !PIXEL_ROUNDINGS.includes(o.rounding)) throw new UserError(`--rounding must be one of ${PIXEL_ROUNDINGS.join(', ')}, got '${String(o.rounding)}'.`);
  if (o.hp?.kernelVariance !== undefined && !(o.hp.kernelVariance > 0 && Number.isFinite(o.hp.kernelVariance))) throw new UserError(`--hp-kernel-variance must be a positive number, got ${o.hp.kernelVariance}.`);
  if (o.hp?.sumWeight !== undefined && !(o.hp.sumWeight >= 0 && Number.isFinite(o.hp.sumWeight))) throw new UserError(`--hp-sum-weight must be a number of at least 0, got ${o.hp.sumWeight}.`);
  // The estimator may come top-level or inside the method's settings; the checks below need the one that will be used.
  const method = o.method ?? 'hp';
  const estimator = o.estimator ?? { merf: o.merf, hp: o.hp, ntk: o.ntk, mepf: o.mepf }[method]?.estimator;
  if (estimator !== undefined && !MMD_ESTIMATORS.includes(estimator)) throw new UserError(`--mmd-estimator must be one of ${MMD_ESTIMATORS.join(', ')}, got '${String(estimator)}'.`);
  if (estimator === 'unbiased' && method === 'ntk') throw new UserError('--mmd-estimator unbiased is not available for --method ntk (its closed-form loss is the biased one); leave the option out.');
  const rate = o.mepf?.movingAverageRate;
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new UserError(`--moving-average must be an Adam rate from 0 (off) to 1, e.g. 0.001; got ${rate}.`);
  if (estimator === 'unbiased' && (rate ?? 0) > 0) throw new UserError('The unbiased estimator does not apply to DP-MEPF\'s moving-average loss; use one or the other.');
  if (o.classDraw !== undefined && !CLASS_DRAWS.includes(o.classDraw)) throw new UserError(`--class-draw must be one of ${CLASS_DRAWS.join(', ')}, got '${String(o.classDraw)}'.`);
  if (o.classDraw === 'random') {
    if (method === 'ntk') throw new UserError('--class-draw random is not available for --method ntk (its closed-form loss needs equal class blocks); leave the option out.');
    if (estimator === 'unbiased') throw new UserError('--class-draw random trains with the reference code\'s plug-in loss; leave out --mmd-estimator unbiased.');
    if ((rate ?? 0) > 0) throw new UserError('--class-draw random does not apply to DP-MEPF\'s moving-average loss; use one or the other.');
  }
  // DP-HP draws classes at random by default; the unbiased estimator needs the balanced blocks, said aloud rather than switched silently.
  if (o.classDraw === undefined && defaultClassDraw(method) === 'random' && estimator === 'unbiased') {
    throw new UserError('--mmd-estimator unbiased needs equal class blocks, and DP-HP draws classes at random by default; add --class-draw balanced.');
  }
  if (o.hp?.kernels !== undefined && !HP_KERNELS.includes(o.hp.kernels)) throw new UserError(`--hp-kernels must be one of ${HP_KERNELS.join(', ')}, got '${String(o.hp.kernels)}'.`);
  // Settings of the product kernels would do nothing with the sum kernel alone: refused, not ignored.
  // (A default value given back, e.g. from a report's settings, changes nothing and is let through.)
  const productOnly = (['sumWeight', 'sumShare', 'productOrder', 'productPixels'] as const).find((k) => o.hp?.[k] !== undefined && o.hp[k] !== DEFAULT_HP_IMAGES[k]);
  if (productOnly && (o.hp?.kernels ?? DEFAULT_HP_IMAGES.kernels) === 'sum') throw new UserError(`The DP-HP setting ${productOnly} applies to the product kernels; set kernels to 'sum+product' (--hp-kernels sum+product) or leave it out.`);
  const share = o.lengthScaleShare ?? 0.05;
  if (!(share > 0 && share < 1)) throw new UserError(`The length-scale share must be in (0, 1), got ${share}.`);
}

export async function synthesizeImages(o: ImageSynthOptions): Promise<ImageSynthReport> {
  check(o);
  const progress = o.progress ?? quiet;
  const method = o.method ?? 'hp';
  const { seconds, lap } = stopwatch();
  const stop = () => { if (o.shouldStop?.()) throw new UserError('Interrupted; no output was written.'); };
  for (const target of [o.outImages, o.outLabels, ...(o.preview ? [o.preview] : [])]) await checkWritableTarget(target);
  await initEngine();
  const rng = createRng(o.seed ?? Math.floor(Math.random() * 2 ** 31));
  const classes = o.classes ?? 10;
  // DP-MEPF's encoder first: a wrong --encoder is reported before the private images are read.
  let encoder: Encoder | undefined;
  let encoderSource: Record<string, unknown> | undefined;
  if (method === 'mepf') {
    if (!o.encoder) throw new UserError('--method mepf needs --encoder: a bundled encoder trained on public data (fashion-mnist for digit-like images, mnist-digits for clothing-like images) or a file from `privkit pretrain encoder`.');
    const loaded = await loadEncoder(encoderPath(o.encoder));
    encoder = loaded.encoder;
    encoderSource = { encoderFile: o.encoder, publicData: loaded.file.publicData };
  }
  let data: Awaited<ReturnType<typeof readLabelledImages>>;
  try {
    data = await readLabelledImages(o.images, o.labels, classes, unitPixels);
  } catch (error) {
    encoder?.dispose();
    throw error;
  }
  const [height, width, channels] = data.exampleShape as [number, number, number];
  const dim = height * width * channels;
  const count = data.labels.length;
  const refuse = (message: string): never => { encoder?.dispose(); throw new UserError(message); };
  if (count < 2) refuse(`${o.images} holds ${count} image(s); private synthesis needs a real dataset (thousands of images).`);
  if (height % 4 !== 0 || width % 4 !== 0) refuse(`The images are ${height}×${width}; the generator needs a height and width divisible by 4 (pad or crop the images).`);
  if (encoder) {
    const [eh, ew, ec] = encoder.architecture.inputShape;
    if (eh !== height || ew !== width || ec !== channels) refuse(`The encoder ${o.encoder} takes ${eh}×${ew}×${ec} images but ${o.images} holds ${height}×${width}×${channels} images; pre-train an encoder on public images of that shape with \`privkit pretrain encoder\`.`);
  }
  const ledger = createLedger({ epsilon: o.epsilon, delta: o.delta });
  lap('reading');

  let lengthScale: number | undefined = o.merf?.lengthScale;
  if (method === 'merf' && lengthScale === undefined) {
    progress.phase('private kernel length scale', 0);
    lengthScale = privateMedianDistance(data.features, count, dim, (o.lengthScaleShare ?? 0.05) * o.epsilon, ledger, rng.fork());
  }
  const remaining = { epsilon: ledger.remainingEpsilon(), delta: o.delta };
  const geometry = { dim, classes };
  // --steps sets the total generator steps; the epoch structure (and DP-HP's per-epoch releases) stays.
  const withOverrides = <T extends { epochs: number; stepsPerEpoch: number; estimator: MmdEstimator }>(t: T): T => ({
    ...t,
    ...(o.steps === undefined ? {} : { stepsPerEpoch: Math.max(1, Math.ceil(o.steps / t.epochs)) }),
    ...(o.estimator === undefined ? {} : { estimator: o.estimator }),
  });
  let generator: ImageGenerator | undefined;
  let plan: ImagePlan | undefined;
  try {
    plan = method === 'merf'
      ? planMerfImages(geometry, withOverrides({ ...DEFAULT_MERF_IMAGES, ...o.merf }), lengthScale!, remaining, rng.fork())
      : method === 'hp'
        ? planHpImages(geometry, withOverrides({ ...DEFAULT_HP_IMAGES, ...o.hp }), remaining, rng.fork())
        : method === 'ntk'
          ? planNtkImages(geometry, withOverrides({ ...DEFAULT_NTK_IMAGES, ...o.ntk }), remaining)
          : planMepfImages(geometry, withOverrides({ ...DEFAULT_MEPF_IMAGES, ...o.mepf }), encoder!);
    const { baseNoise, terms, schedule, training } = plan;
    const releases = (scale: number): PrivacyEvent[] =>
      [baseNoise.classCounts, ...baseNoise.terms].map((sigma) => gaussian(sigma * scale));
    const scale = calibrateScale(ledger, releases);

    progress.phase('embedding the private images', count);
    const sums = terms.map((t) => new Float64Array(classes * t.dim));
    const classCounts = new Float64Array(classes);
    for (let start = 0; start < count; start += CHUNK) {
      const rows = Math.min(CHUNK, count - start);
      const labels = data.labels.subarray(start, start + rows);
      tf.tidy(() => {
        const x = tf.tensor2d(data.features.subarray(start * dim, (start + rows) * dim), [rows, dim]);
        terms.forEach((term, t) => term.accumulate(x, labels, classes, sums[t]!));
      });
      for (const y of labels) classCounts[y]! += 1;
      progress.tick(rows);
      stop();
    }
    lap('embedding');

    // Replace-one: a changed image moves Σφ⊗e_y by ≤ 2 (‖φ‖ ≤ 1; less where the term says so) and
    // the class counts by ≤ √2.
    const classSizes = releaseSum(ledger, 'class counts', classCounts, baseNoise.classCounts * scale, Math.SQRT2, { classes });
    const losses = terms.map((term, t) => {
      const noisy = releaseSum(ledger, `mean embedding: ${term.name}`, sums[t]!, baseNoise.terms[t]! * scale, term.sensitivity ?? 2);
      return term.createLoss(classMeans(noisy, classSizes, term.dim), classes, training.estimator);
    });
    const proportions = releasedProportions(classSizes);

    const s = plan.training;
    const steps = s.epochs * s.stepsPerEpoch;
    const classDraw = o.classDraw ?? defaultClassDraw(method);
    progress.phase('training the generator', steps);
    generator = createImageGenerator({ codeSize: s.codeSize, classes, height, width, channels, hidden: s.hidden, convChannels: [...(o.generatorChannels ?? DEFAULT_GENERATOR_CHANNELS)], kernelSize: 5 }, rng.fork());
    let trace: number[];
    try {
      trace = await trainGenerator({
        generator, losses, schedule, steps, batchSize: s.batchSize,
        learningRate: stepDecay(s.learningRate, s.decayPerEpoch, s.stepsPerEpoch), rng: rng.fork(),
        onStep: () => progress.tick(1), ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
        ...(classDraw === 'random' ? { randomClasses: Float32Array.from(proportions) } : {}),
      });
    } finally {
      for (const l of losses) l.dispose();
    }
    lap('training');
    stop();

    const total = o.count ?? Math.max(1, Math.round(classSizes.reduce((a, b) => a + Math.max(0, b), 0)));
    progress.phase('sampling', total);
    const quota = drawClassCounts(total, proportions, rng.fork());
    const rounding = o.rounding ?? 'unbiased';
    const sample = sampleImages(generator, quota, s.batchSize, rounding, rng.fork(), (n) => progress.tick(n));
    const shape = channels === 1 ? [total, height, width] : [total, height, width, channels];
    await writeIdx(o.outImages, sample.pixels instanceof Float32Array ? { dtype: 'float32', shape, data: sample.pixels } : { dtype: 'ubyte', shape, data: sample.pixels });
    await writeIdx(o.outLabels, classes <= 256
      ? { dtype: 'ubyte', shape: [total], data: Uint8Array.from(sample.labels) }
      : { dtype: 'int32', shape: [total], data: sample.labels });
    if (o.preview) await writePreview(o.preview, sample, quota, [height, width, channels]);
    lap('sampling');
    return {
      method, images: o.images, outImages: o.outImages, outLabels: o.outLabels, imagesWritten: total,
      imageShape: [height, width, channels], classes, classProportions: Array.from(proportions),
      // The shape is the same for every replace-one neighbour, and the synthetic images need it; the
      // image count and class counts are released with noise.
      treatedAsPublic: [`image shape ${height}×${width}×${channels} (IDX header)`, `${classes} classes (--classes)`],
      privacy: ledger.toJSON(), noiseSeededForTesting: privacyNoiseIsSeeded(),
      settings: { ...plan.settings, ...encoderSource, generatorChannels: generator.shape.convChannels, generatorParameters: countParameters(generator), noiseScale: scale, rounding, classDraw }, seconds,
      peakMemoryMb: Math.round(process.resourceUsage().maxRSS / 1024),
      finalLoss: trace.length > 0 ? trace[trace.length - 1]! : null,
    };
  } finally {
    generator?.dispose();
    plan?.dispose();
    encoder?.dispose();
  }
}

function countParameters(generator: ImageGenerator): number {
  return generator.variables.reduce((sum, v) => sum + v.size, 0);
}

/** Pixel bytes, or float32 values in [0, 255] when unrounded. */
interface ImageSample { pixels: Uint8Array | Float32Array; labels: Int32Array }

/**
 * Images per class quota, generated in balanced batches (batch norm uses batch statistics; a
 * batch of equal class blocks either way, whatever the training's class draw), in a shuffled order.
 */
function sampleImages(generator: ImageGenerator, quota: Int32Array, batchSize: number, rounding: PixelRounding, rng: Rng, onImages: (n: number) => void): ImageSample {
  const roundingRng = rng.fork();
  const classes = quota.length, dim = generator.shape.height * generator.shape.width * generator.shape.channels;
  const total = quota.reduce((a, b) => a + b, 0);
  const perClass = Math.max(1, Math.ceil(batchSize / classes));
  const byClass: (Uint8Array | Float32Array)[][] = Array.from({ length: classes }, () => []);
  const toPixels = (row: Float32Array) => (rounding === 'none' ? scaleToPixels(row, new Float32Array(dim)) : quantizePixels(row, new Uint8Array(dim), rounding, roundingRng));
  const left = Int32Array.from(quota);
  const y = oneHotFloat(blockLabels(classes, perClass), classes);
  try {
    while (left.some((n) => n > 0)) {
      const seed = (rng.nextUint32() % 2147483646) + 1;
      // The tensor, not its values, leaves the tidy: tidy walks a returned typed array element by element.
      const batch = tf.tidy(() => generator.generate(tf.randomNormal([perClass * classes, generator.codeSize], 0, 1, 'float32', seed) as tf.Tensor2D, y));
      const values = batch.dataSync() as Float32Array;
      batch.dispose();
      for (let c = 0; c < classes; c++) {
        const take = Math.min(perClass, left[c]!);
        for (let j = 0; j < take; j++) {
          const row = values.subarray((c * perClass + j) * dim, (c * perClass + j + 1) * dim);
          byClass[c]!.push(toPixels(row));
        }
        left[c]! -= take;
        onImages(take);
      }
    }
  } finally {
    y.dispose();
  }
  const order: [number, number][] = [];
  byClass.forEach((list, c) => list.forEach((_, j) => order.push([c, j])));
  for (let i = order.length - 1; i > 0; i--) { const j = rng.int(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
  const pixels = rounding === 'none' ? new Float32Array(total * dim) : new Uint8Array(total * dim), labels = new Int32Array(total);
  order.forEach(([c, j], i) => { pixels.set(byClass[c]![j]!, i * dim); labels[i] = c; });
  return { pixels, labels };
}

/** A PNG grid with one row per class (up to 10 images each, in the order sampled). */
async function writePreview(path: string, sample: ImageSample, quota: Int32Array, shape: [number, number, number]): Promise<void> {
  const [h, w, c] = shape, dim = h * w * c, columns = 10, classes = quota.length;
  const grid = new Uint8Array(classes * columns * dim);
  const filled = new Int32Array(classes);
  for (let i = 0; i < sample.labels.length; i++) {
    const y = sample.labels[i]!;
    if (filled[y]! >= columns) continue;
    const image = sample.pixels.subarray(i * dim, (i + 1) * dim);
    // Unrounded values are shown rounded to the nearest byte.
    grid.set(image instanceof Float32Array ? Uint8Array.from(image, (v) => Math.round(v)) : image, (y * columns + filled[y]!) * dim);
    filled[y]!++;
  }
  await writePngGrid(path, { data: grid, shape: c === 1 ? [classes * columns, h, w] : [classes * columns, h, w, c] }, { columns });
}
