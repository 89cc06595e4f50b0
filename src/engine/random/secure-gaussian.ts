// Privacy noise: Gaussian draws from the platform's cryptographically secure generator
// (crypto.getRandomValues, in Node and in browsers). Never Math.random or tf.randomNormal: their
// streams are predictable, and predictable noise is no noise.
import { createRng, type Rng } from './seeded-rng.js';

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
 * Fills `out` with independent N(0, std²) draws from the secure source, by Marsaglia's polar
 * method (exact; one log and one square root per pair, no trigonometry: about twice as fast as
 * Box–Muller here, which matters because DP-SGD draws one value per parameter per step). Each
 * uniform has 53 random bits, so the tail is cut only beyond ~8.5σ (probability ~2^-52).
 */
export function fillSecureGaussian(out: Float32Array | Float64Array, std: number): void {
  if (!(std >= 0) || !Number.isFinite(std)) throw new Error(`Noise standard deviation must be a finite number >= 0, got ${std}.`);
  const words = new Uint32Array(Math.min(WORDS_PER_CALL, 8 * out.length + 64));
  let w = words.length; // empty: refilled on first use
  const uniform = (): number => {
    if (w + 2 > words.length) { fillRandomWords(words); w = 0; }
    const u = ((words[w]! >>> 5) * 67108864 + (words[w + 1]! >>> 6)) / 9007199254740992;
    w += 2;
    return u;
  };
  for (let i = 0; i < out.length; i += 2) {
    let u: number, v: number, s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = std * Math.sqrt(-2 * Math.log(s) / s);
    out[i] = u * f;
    if (i + 1 < out.length) out[i + 1] = v * f;
  }
}

/** `count` secure N(0, std²) draws as float64. */
export function secureGaussian(count: number, std: number): Float64Array {
  const out = new Float64Array(count);
  fillSecureGaussian(out, std);
  return out;
}
