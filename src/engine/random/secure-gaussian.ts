// Privacy noise: Gaussian draws from the platform's cryptographically secure generator
// (crypto.getRandomValues, in Node and in browsers). Never Math.random or tf.randomNormal: their
// streams are predictable, and predictable noise is no noise.
import { boxMuller, createRng, type Rng } from './seeded-rng.js';

// getRandomValues fills at most 65,536 bytes per call.
const WORDS_PER_CALL = 16384;

let testRng: Rng | null = null;

/**
 * TEST ONLY: makes privacy noise reproducible by drawing it from a seeded generator. A release made
 * this way is NOT private. Pass null to go back to the secure source.
 */
export function UNSAFE_seedPrivacyNoiseForTesting(seed: number | null): void {
  testRng = seed === null ? null : createRng(seed);
}

/** True while privacy noise is seeded for testing (reports must say so). */
export function privacyNoiseIsSeeded(): boolean {
  return testRng !== null;
}

/**
 * Fills `words` with random 32-bit words from the secure source (or the test seed while
 * `UNSAFE_seedPrivacyNoiseForTesting` is on). The one source of privacy randomness.
 */
export function fillRandomWords(words: Uint32Array): void {
  if (testRng) {
    for (let i = 0; i < words.length; i++) words[i] = testRng.nextUint32();
    return;
  }
  for (let i = 0; i < words.length; i += WORDS_PER_CALL) {
    globalThis.crypto.getRandomValues(words.subarray(i, Math.min(words.length, i + WORDS_PER_CALL)));
  }
}

/**
 * Fills `out` with independent N(0, std²) draws from the secure source. Each uniform has 53
 * random bits, so the Box–Muller radius reaches ~8.6σ before the tail is cut (2^-53 probability).
 */
export function fillSecureGaussian(out: Float32Array | Float64Array, std: number): void {
  if (!(std >= 0) || !Number.isFinite(std)) throw new Error(`Noise standard deviation must be a finite number >= 0, got ${std}.`);
  const block = 8192; // normals per batch of random words
  const words = new Uint32Array(block * 2);
  for (let start = 0; start < out.length; start += block) {
    const n = Math.min(block, out.length - start);
    const pairs = Math.ceil(n / 2);
    const used = words.subarray(0, pairs * 4);
    fillRandomWords(used);
    let w = 0;
    const next = (): number => {
      const u = ((used[w]! >>> 5) * 67108864 + (used[w + 1]! >>> 6)) / 9007199254740992;
      w += 2;
      return u;
    };
    for (let p = 0; p < pairs; p++) {
      const [a, b] = boxMuller(next, next);
      const i = start + 2 * p;
      out[i] = a * std;
      if (i + 1 < start + n) out[i + 1] = b * std;
    }
  }
}

/** `count` secure N(0, std²) draws as float64. */
export function secureGaussian(count: number, std: number): Float64Array {
  const out = new Float64Array(count);
  fillSecureGaussian(out, std);
  return out;
}
