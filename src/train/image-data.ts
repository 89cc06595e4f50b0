// Labelled images from IDX files (pixels 0–255, labels 0..C−1) as training data. Pixels are scaled
// to [−1, 1] by a fixed map, not by statistics of the data (those would be private).
import { UserError } from '../errors.js';
import { readIdx } from '../data/idx.js';
import type { LabelledData } from '../dpsgd/dataset.js';

export function scalePixels(pixels: ArrayLike<number>): Float32Array {
  return Float32Array.from(pixels, (v) => v / 127.5 - 1);
}

/** Pixels 0–255 to [0, 1] (the mean-embedding synthesizers' scale). */
export function unitPixels(pixels: ArrayLike<number>): Float32Array {
  return Float32Array.from(pixels, (v) => v / 255);
}

export async function readLabelledImages(
  imagesPath: string, labelsPath: string, classes: number, scale: (pixels: ArrayLike<number>) => Float32Array = scalePixels,
): Promise<LabelledData> {
  const images = await readIdx(imagesPath), labels = await readIdx(labelsPath);
  if (images.shape.length !== 3 && images.shape.length !== 4) {
    throw new UserError(`${imagesPath} holds an array of shape [${images.shape}]; images must be [N, height, width] or [N, height, width, channels].`);
  }
  if (labels.shape.length !== 1) throw new UserError(`${labelsPath} holds an array of shape [${labels.shape}]; labels must be a vector [N].`);
  const n = images.shape[0]!;
  if (labels.shape[0] !== n) throw new UserError(`${imagesPath} has ${n} images but ${labelsPath} has ${labels.shape[0]} labels; pass matching files.`);
  for (let i = 0; i < images.data.length; i++) {
    const v = images.data[i]!;
    if (!(v >= 0 && v <= 255)) throw new UserError(`${imagesPath} has a pixel outside [0, 255] in image ${Math.floor(i / (images.data.length / n))}; pixels must be in [0, 255].`);
  }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      // The message names the example, not its value: the custodian can look it up, a log cannot leak it.
      throw new UserError(`${labelsPath} has a label outside 0..${classes - 1} (example ${i}); pass --classes with the number of classes.`);
    }
    y[i] = label;
  }
  const [, height, width] = images.shape as number[];
  const channels = images.shape.length === 4 ? images.shape[3]! : 1;
  return { features: scale(images.data), exampleShape: [height!, width!, channels], labels: y, classes };
}

/** Images as a saved image model takes them: the model's shape (checked: one sentence naming `source`), flattened if it says so. */
export function imagesForModel(data: LabelledData, input: { shape: readonly number[]; flatten: boolean }, source: string): LabelledData {
  if (data.exampleShape.join('x') !== input.shape.join('x')) throw new UserError(`${source} holds ${data.exampleShape.join('×')} images but the model expects ${input.shape.join('×')}.`);
  return input.flatten ? { ...data, exampleShape: [data.exampleShape.reduce((a, b) => a * b, 1)] } : data;
}
