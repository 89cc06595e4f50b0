// Privacy randomness for mechanisms that sample rather than add noise (the exponential mechanism):
// uniforms from the same secure word source as the Gaussian noise, so the test-seeding switch
// (UNSAFE_seedPrivacyNoiseForTesting) governs both.
import { fillRandomWords } from './secure-gaussian.js';

const words = new Uint32Array(2);

/** One uniform draw in [0, 1) with 53 random bits (27 from one word, 26 from the next). */
export function secureUniform(): number {
  fillRandomWords(words);
  return ((words[0]! >>> 5) * 67108864 + (words[1]! >>> 6)) / 9007199254740992;
}
