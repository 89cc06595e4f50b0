// Poisson sampling: every record joins the batch independently with probability q, so batch sizes
// vary and may be 0. The amplification-by-sampling bound assumes the coin flips are secret and
// unpredictable, so they come from the secure source (seedable only through the engine's
// UNSAFE_seedPrivacyNoiseForTesting).
import { fillRandomWords } from '../engine/random/secure-gaussian.js';

export function poissonSample(size: number, samplingRate: number): Int32Array {
  if (!(samplingRate >= 0 && samplingRate <= 1)) throw new Error(`The sampling rate must be in [0, 1], got ${samplingRate}.`);
  const words = new Uint32Array(size);
  fillRandomWords(words);
  const threshold = Math.floor(samplingRate * 4294967296); // include when word < ⌊q·2³²⌋: probability ≤ q
  const picked: number[] = [];
  for (let i = 0; i < size; i++) if (words[i]! < threshold) picked.push(i);
  return Int32Array.from(picked);
}
