// The image evaluation the synth-images bench stores per run: the papers' twelve classifiers plus
// the CNN, trained on one image set and tested on another (src/eval/images).
import { evaluateImageFiles } from '../src/eval/images/evaluate-image-files.js';
import type { IdxPair } from './mnist-digits.js';

export interface ImageEvalSummary {
  perClassifier: { name: string; accuracy: number; seconds: number; trainImages: number }[];
  /** Mean accuracy over the papers' twelve. */
  mean12: number;
  cnn: number | null;
  seconds: number;
}

/** `cnn: false` leaves the CNN out (it is about a fifth of the evaluation's time; not part of the 12). */
export async function evaluateImageSet(train: IdxPair, test: IdxPair, seed: number, cnn = true): Promise<ImageEvalSummary> {
  const r = await evaluateImageFiles({ realImages: test.images, realLabels: test.labels, syntheticImages: train.images, syntheticLabels: train.labels, classes: 10, seed, ...(cnn ? {} : { cnn: false as const }) });
  return {
    perClassifier: [...r.perClassifier, ...(r.cnn ? [r.cnn] : [])].map((c) => ({ name: c.name, accuracy: c.accuracy, seconds: c.seconds, trainImages: c.trainImages })),
    mean12: r.mean12.accuracy, cnn: r.cnn?.accuracy ?? null, seconds: r.seconds,
  };
}
