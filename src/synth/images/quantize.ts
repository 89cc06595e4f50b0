// Generator output in [0, 1] → pixel bytes 0..255.
//
// 'unbiased' (the default) rounds x·255 = k + f up to k + 1 with probability f, so each byte's
// expected value is exactly the generator's value. Rounding to nearest sends every value below
// 0.5/255 to 0: faint pixels lose all their spread, and a classifier that models per-pixel variance
// (GaussianNB) then rules a class out for any real image with a little ink there. The papers
// evaluated the generators' unrounded output, which has no such zero-variance pixels.
import type { Rng } from '../../engine/random/seeded-rng.js';

export type PixelRounding = 'unbiased' | 'nearest';
export const PIXEL_ROUNDINGS: readonly PixelRounding[] = ['unbiased', 'nearest'];

/** Writes the bytes of `values` (clamped to [0, 1]) into `out`; `rng` is used only when unbiased. */
export function quantizePixels(values: ArrayLike<number>, out: Uint8Array, rounding: PixelRounding, rng: Rng): Uint8Array {
  if (out.length !== values.length) throw new RangeError(`quantizePixels: ${values.length} values for ${out.length} bytes.`);
  if (!PIXEL_ROUNDINGS.includes(rounding)) throw new RangeError(`rounding must be one of ${PIXEL_ROUNDINGS.join(', ')}, got '${String(rounding)}'.`);
  const nearest = rounding === 'nearest';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // NaN clamps to 0 like the old Math.round path did (Uint8Array stores NaN as 0)
    const x = (v > 0 ? Math.min(1, v) : 0) * 255;
    out[i] = nearest ? Math.round(x) : Math.min(255, Math.floor(x + rng.uniform()));
  }
  return out;
}
