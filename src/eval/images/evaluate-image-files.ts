// `privkit eval` for images as a library call: IDX files in (gzipped or not), the image TSTR figures
// out. Evaluation reads real data without privacy: it is for the data custodian, and its figures
// are not part of any private release.
import { evaluateImages, type ImageEvalInput, type ImageEvalResult } from './evaluate-images.js';
import { checkSameShape, classCount, readImageSet } from './read-images.js';

export interface ImageFilesEvalOptions extends Pick<ImageEvalInput, 'seed' | 'classifiers' | 'cnn' | 'protocol' | 'onResult'> {
  realImages: string;
  realLabels: string;
  syntheticImages: string;
  syntheticLabels: string;
  /** Declared class count (labels must be below it); default the largest label plus one. */
  classes?: number;
}

export interface ImageEvalReport extends ImageEvalResult {
  files: { realImages: string; realLabels: string; syntheticImages: string; syntheticLabels: string };
  note: string;
}

export const EVALUATION_NOTE = 'Evaluation reads the real data without privacy; its figures are for the data custodian and are not a private release.';

export async function evaluateImageFiles(o: ImageFilesEvalOptions): Promise<ImageEvalReport> {
  const real = await readImageSet(o.realImages, o.realLabels);
  const synthetic = await readImageSet(o.syntheticImages, o.syntheticLabels);
  checkSameShape(real, o.realImages, synthetic, o.syntheticImages);
  const classes = classCount([{ set: real, path: o.realLabels }, { set: synthetic, path: o.syntheticLabels }], o.classes);
  const result = await evaluateImages({
    trainImages: synthetic.pixels, trainLabels: synthetic.labels, testImages: real.pixels, testLabels: real.labels,
    imageShape: synthetic.shape, classes, seed: o.seed ?? 0,
    ...(o.classifiers ? { classifiers: o.classifiers } : {}),
    ...(o.cnn !== undefined ? { cnn: o.cnn } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
    ...(o.onResult ? { onResult: o.onResult } : {}),
  });
  return {
    ...result,
    files: { realImages: o.realImages, realLabels: o.realLabels, syntheticImages: o.syntheticImages, syntheticLabels: o.syntheticLabels },
    note: EVALUATION_NOTE,
  };
}
