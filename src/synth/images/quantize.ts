// Generator output in [0, 1] → pixel bytes 0..255.
//
// 'unbiased' (the default) rounds x·255 = k + f up to k + 1 with probability f, so each byte's
// expected value is exactly the generator's value. Rounding to nearest sends every value below
// 0.5/255 to 0: faint pixels lose all their spread, and a classifier that models per-pixel variance
// (GaussianNB) then rules a class out for any real image with a little ink there. The papers
// evaluated the generators' unrounded output, which has no such zero-variance pixels.
//
// 'none' keeps that output: float32 values x·255 in [0, 255] (an IDX file four times the size).
import type { Rng } from '../../engine/random/seeded-rng.js';

export type PixelRounding = 'unbiased' | 'nearest' | 'none';
export const PIXEL_ROUNDINGS: readonly PixelRounding[] = ['unbiased', 'nearest', 'none'];

const clampUnit = (v: number) => (v > 0 ? Math.min(1, v) : 0); // NaN → 0

/** Unrounded pixel values: `values` (clamped to [0, 1]) times 255, into `out`. */
export function scaleToPixels(values: ArrayLike<number>, out: Float32Array): Float32Array {
  if (out.length !== values.length) throw new RangeError(`scaleToPixels: ${values.length} values for ${out.length} pixels.`);
  for (let i = 0; i < values.length; i++) out[i] = clampUnit(values[i]!) * 255;
  return out;
}

/** Writes the bytes of `values` (clamped to [0, 1]) into `out`; `rng` is used only when unbiased. */
export function quantizePixels(values: ArrayLike<number>, out: Uint8Array, rounding: Exclude<PixelRounding, 'none'>, rng: Rng): Uint8Array {
  if (out.length !== values.length) throw new RangeError(`quantizePixels: ${values.length} values for ${out.length} bytes.`);
  if (rounding !== 'unbiased' && rounding !== 'nearest') throw new RangeError(`byte rounding must be unbiased or nearest, got '${String(rounding)}'.`);
  const nearest = rounding === 'nearest';
  for (let i = 0; i < values.length; i++) {
    const x = clampUnit(values[i]!) * 255;
    out[i] = nearest ? Math.round(x) : Math.min(255, Math.floor(x + rng.uniform()));
  }
  return out;
}
