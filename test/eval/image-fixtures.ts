// Small labelled images for the image evaluation tests: 4 classes of noisy 10×10 pictures — a
// horizontal bar, a vertical bar, a diagonal and a corner blob, each jittered by a pixel, drawn at
// intensity 150–255 on a background of uniform noise 0–80. Every classifier should tell them apart.
import { createRng } from '../../src/engine/random/seeded-rng.js';

export const SIDE = 10;
export const CLASSES = 4;

export interface ImageFixture { pixels: Uint8Array; labels: Int32Array; n: number }

export function barImages(n: number, seed: number, classes: readonly number[] = [0, 1, 2, 3]): ImageFixture {
  const rng = createRng(seed);
  const d = SIDE * SIDE;
  const pixels = new Uint8Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = classes[i % classes.length]!;
    labels[i] = c;
    const o = i * d;
    for (let p = 0; p < d; p++) pixels[o + p] = rng.int(81);
    const shift = rng.int(3) - 1;
    const ink = () => 150 + rng.int(106);
    for (let t = 0; t < SIDE; t++) {
      if (c === 0) { pixels[o + (4 + shift) * SIDE + t] = ink(); pixels[o + (5 + shift) * SIDE + t] = ink(); }
      if (c === 1) { pixels[o + t * SIDE + 4 + shift] = ink(); pixels[o + t * SIDE + 5 + shift] = ink(); }
      if (c === 2) { const col = Math.min(SIDE - 1, Math.max(0, t + shift)); pixels[o + t * SIDE + col] = ink(); }
    }
    if (c === 3) for (let r = 1; r < 4; r++) for (let col = 1; col < 4; col++) pixels[o + (r + shift) * SIDE + col + shift] = ink();
  }
  return { pixels, labels, n };
}
