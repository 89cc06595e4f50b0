// The synthetic feature-importance sets of the Q-FIT card (§3.3), from their definitions: x ∼ N(0, I₁₁),
// a score v(x), P(y = 1 | x) = 1/(1 + e^v). Basic sets take the argmax (y = 1 ⇔ v < 0); switch sets
// sample y, and the sign of x₁₁ picks which block of features matters for each row.
// Feature indices here are 0-based: the card's x₁ is index 0, its x₁₁ index 10.
import { createRng, type Rng } from '../engine/random/seeded-rng.js';
import type { TableData } from './types.js';

export type BasicSetName = 'xor' | 'subtract' | 'orangeSkin' | 'nonlinearAdditive';
export type SwitchSetName = 'syn4' | 'syn5' | 'syn6';
export type SyntheticSetName = BasicSetName | SwitchSetName;

export const SYNTHETIC_SETS: readonly SyntheticSetName[] = ['xor', 'subtract', 'orangeSkin', 'nonlinearAdditive', 'syn4', 'syn5', 'syn6'];

/** Every set has 11 features (the card's reference code; L2X's originals had 10). */
export const SYNTHETIC_FEATURES = 11;

export interface SyntheticData extends TableData {
  readonly name: SyntheticSetName;
  /** 2: binary labels. */
  readonly classes: 2;
  /** The relevant features of every row (basic sets), or null when they depend on the row. */
  readonly relevant: readonly number[] | null;
  /** Ground truth per row, row-major [n, featureCount]: 1 where the feature is relevant. */
  readonly truth: Uint8Array;
}

export interface SyntheticOptions {
  /**
   * How labels follow v: 'argmax' (y = 1 ⇔ v < 0) or 'sampled' (y ∼ Bernoulli(1/(1 + e^v))).
   * Default as the card: argmax for the basic sets, sampled for the switch sets. 'argmax' on a
   * switch set gives a noise-free variant (an easier test of local explanations).
   */
  readonly labels?: 'argmax' | 'sampled';
}

const A = [0, 1];
const B = [2, 3, 4, 5];
const C = [6, 7, 8, 9];
const SWITCH = 10;

const vA = (x: ArrayLike<number>): number => x[0]! * x[1]!;
const vB = (x: ArrayLike<number>): number => x[2]! ** 2 + x[3]! ** 2 + x[4]! ** 2 + x[5]! ** 2 - 4;
// Switch sets use −10·sin (INVASE); the basic nonlinear-additive set −100·sin (L2X). Both as defined.
const vC = (x: ArrayLike<number>): number => -10 * Math.sin(0.2 * x[6]!) + Math.abs(x[7]!) + x[8]! + Math.exp(-x[9]!) - 2.4;

const SWITCHES: Record<SwitchSetName, [readonly number[], (x: ArrayLike<number>) => number, readonly number[], (x: ArrayLike<number>) => number]> = {
  syn4: [A, vA, B, vB],
  syn5: [A, vA, C, vC],
  syn6: [B, vB, C, vC],
};

function isSwitchSet(name: SyntheticSetName): name is SwitchSetName {
  return name === 'syn4' || name === 'syn5' || name === 'syn6';
}

/** The score v(x) of a set at one point x (11 values). */
export function syntheticScore(name: SyntheticSetName, x: ArrayLike<number>): number {
  switch (name) {
    case 'xor': return x[0]! * x[1]!;
    case 'subtract': return x[0]! - x[1]!;
    case 'orangeSkin': return x[0]! ** 2 + x[1]! ** 2 + x[2]! ** 2 + x[3]! ** 2 - 4;
    case 'nonlinearAdditive': return -100 * Math.sin(0.2 * x[0]!) + Math.abs(x[1]!) + x[2]! + Math.exp(-x[3]!) - 2.4;
    default: {
      const [, low, , high] = SWITCHES[name];
      return x[SWITCH]! < 0 ? low(x) : high(x);
    }
  }
}

/** The relevant features (0-based, ascending) of a set at one point x. */
export function syntheticRelevant(name: SyntheticSetName, x: ArrayLike<number>): readonly number[] {
  switch (name) {
    case 'xor':
    case 'subtract': return A;
    case 'orangeSkin':
    case 'nonlinearAdditive': return [0, 1, 2, 3];
    default: {
      const [low, , high] = SWITCHES[name];
      return [...(x[SWITCH]! < 0 ? low : high), SWITCH]; // the switch itself is always relevant
    }
  }
}

/** P(y = 1 | x) = 1/(1 + e^v), computed without overflow. */
export function probabilityOfOne(v: number): number {
  return v >= 0 ? Math.exp(-v) / (1 + Math.exp(-v)) : 1 / (1 + Math.exp(v));
}

/**
 * n rows of a synthetic set. Per row the generator draws 11 normals, then (sampled labels only) one
 * uniform, so a seed fixes the rows. Labels and ground truth are computed from the stored float32
 * features, so they agree with what a classifier sees.
 */
export function makeSynthetic(name: SyntheticSetName, n: number, seed: number | Rng, options: SyntheticOptions = {}): SyntheticData {
  if (!SYNTHETIC_SETS.includes(name)) throw new Error(`Unknown synthetic set "${String(name)}"; choose one of ${SYNTHETIC_SETS.join(', ')}.`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`A synthetic set needs a whole number of rows >= 1, got ${n}.`);
  const rng = typeof seed === 'number' ? createRng(seed) : seed;
  const sampled = (options.labels ?? (isSwitchSet(name) ? 'sampled' : 'argmax')) === 'sampled';
  const d = SYNTHETIC_FEATURES;
  const features = new Float32Array(n * d);
  const labels = new Int32Array(n);
  const truth = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = features.subarray(i * d, (i + 1) * d);
    for (let j = 0; j < d; j++) row[j] = rng.normal();
    const v = syntheticScore(name, row);
    // argmax: P(y=1) > P(y=0) ⇔ v < 0 (v = 0 gives 0). sampled: y = 1 − y₀, y₀ ∼ Bernoulli(e^v/(1+e^v)).
    labels[i] = sampled ? (rng.uniform() < probabilityOfOne(v) ? 1 : 0) : (v < 0 ? 1 : 0);
    for (const j of syntheticRelevant(name, row)) truth[i * d + j] = 1;
  }
  const relevant = isSwitchSet(name) ? null : syntheticRelevant(name, features.subarray(0, d));
  return { name, features, labels, featureCount: d, classes: 2, relevant, truth };
}
