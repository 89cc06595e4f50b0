// Labelled images for evaluation from IDX files (gzipped or not): pixels 0..255, labels 0..C−1.
// Everything wrong with the files becomes one UserError sentence naming the file and the fix.
import { UserError } from '../../errors.js';
import { readIdx, type IdxData } from '../../data/idx.js';

export interface ImageSet {
  /** Row-major n × (height·width·channels) pixel values in [0, 255]. */
  readonly pixels: IdxData;
  readonly labels: Int32Array;
  readonly n: number;
  /** [height, width, channels] of one image. */
  readonly shape: readonly [number, number, number];
}

/** Reads and checks an images file and its labels file. */
export async function readImageSet(imagesPath: string, labelsPath: string): Promise<ImageSet> {
  const images = await readIdx(imagesPath);
  const labels = await readIdx(labelsPath);
  if (images.shape.length !== 3 && images.shape.length !== 4) {
    throw new UserError(`${imagesPath} holds an array of shape [${images.shape.join(', ')}]; images must be [N, height, width] or [N, height, width, channels].`);
  }
  if (labels.shape.length !== 1) throw new UserError(`${labelsPath} holds an array of shape [${labels.shape.join(', ')}]; labels must be a vector [N].`);
  const [n, height, width] = images.shape as [number, number, number];
  const channels = images.shape.length === 4 ? images.shape[3]! : 1;
  if (n === 0) throw new UserError(`${imagesPath} holds no images; pass a file with at least one.`);
  if (labels.shape[0] !== n) throw new UserError(`${imagesPath} has ${n} images but ${labelsPath} has ${labels.shape[0]} labels; pass matching files.`);
  const size = height * width * channels;
  if (size === 0) throw new UserError(`${imagesPath} holds images of ${height}×${width}×${channels} pixels; images need at least one pixel.`);
  const pixels = images.data;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (!(v >= 0 && v <= 255)) throw new UserError(`${imagesPath} has a pixel outside [0, 255] in image ${Math.floor(i / size)}; pixels must be in [0, 255].`);
  }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (!Number.isInteger(label) || label < 0) throw new UserError(`${labelsPath} has the label ${label} at example ${i}; labels must be whole numbers 0, 1, 2, ….`);
    y[i] = label;
  }
  return { pixels, labels: y, n, shape: [height, width, channels] };
}

/**
 * The class count for a real and a synthetic set: `declared` when given (every label must then be
 * below it), else the largest label over both sets plus one. The evaluator runs on the custodian's
 * side, so using the real labels here releases nothing.
 */
export function classCount(sets: readonly { set: ImageSet; path: string }[], declared?: number): number {
  if (declared !== undefined) {
    if (!Number.isInteger(declared) || declared < 2) throw new UserError(`--classes must be a whole number of at least 2, got ${declared}.`);
    for (const { set, path } of sets) {
      const i = set.labels.findIndex((c) => c >= declared);
      if (i >= 0) throw new UserError(`${path} has the label ${set.labels[i]} at example ${i}, outside 0..${declared - 1}; pass the right --classes or fix the labels.`);
    }
    return declared;
  }
  let max = 0;
  for (const { set } of sets) for (let i = 0; i < set.n; i++) max = Math.max(max, set.labels[i]!);
  if (max < 1) throw new UserError(`Every label in ${sets.map((s) => s.path).join(' and ')} is 0; the evaluation needs at least two classes.`);
  return max + 1;
}

/** Fails unless both sets hold images of the same size. */
export function checkSameShape(real: ImageSet, realPath: string, synthetic: ImageSet, syntheticPath: string): void {
  const [a, b] = [real.shape, synthetic.shape];
  if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2]) {
    throw new UserError(`${realPath} holds ${a.join('×')} images but ${syntheticPath} holds ${b.join('×')} ones (height×width×channels); the real and synthetic images must have the same size.`);
  }
}
