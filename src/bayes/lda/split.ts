// The held-out split. Whether a document is held out depends only on the seed and that document's
// own text (a hash), never on its position or on other documents: adding or removing one document
// then changes the training set by at most that one document, which is what the privacy analysis of
// the training set needs. (A seeded shuffle of positions would not do: inserting one document would
// move others across the split.) Identical documents land on the same side.
import { createHash } from 'node:crypto';

/** A uniform number in [0, 1) from the seed and the text. */
export function splitKey(text: string, seed: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${text}`).digest();
  return (digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11)) / 2 ** 53;
}

export interface Split<T> {
  readonly train: T[];
  readonly test: T[];
}

/** Holds out each document with probability `testFraction`, by its hash. */
export function splitDocuments<T>(docs: readonly T[], text: (doc: T) => string, testFraction: number, seed: number): Split<T> {
  const train: T[] = [], test: T[] = [];
  for (const doc of docs) (testFraction > 0 && splitKey(text(doc), seed) < testFraction ? test : train).push(doc);
  return { train, test };
}
