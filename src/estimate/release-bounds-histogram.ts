/**
 * Release 2 (default method): the bounds of all numeric columns from ONE noisy histogram on
 * octave bins, thresholded, in the spirit of "approximate bounds" (Google's differential-privacy
 * library): the bins are fixed before the data is seen (each octave ±[2^k, 2^(k+1)) of the
 * quantile grid, the cells at and around 0, and the two overflow cells), every bin count of every
 * numeric column gets Gaussian noise in one release, and a column's bounds are the outer edges of
 * its lowest and highest bins whose noisy count clears τ = z·std.
 *
 * Why not two DP quantiles per column: at a pre-processing budget each of the 2·m exponential
 * mechanisms gets so little ε that only inner quantiles (~4% / 96% on Adult) can be located, which
 * clips away the tails that matter (capital-gain became [0, 6317], capital-loss [0, 1]). One
 * Gaussian histogram spends the whole bounds budget once, and the outermost populated octave keeps
 * the range inclusive (at most 2× wider than the data's).
 *
 * Sensitivity (replace-one): a replaced row moves one value per column from one bin to another
 * (or out of the histogram when it becomes missing): L2 change √2 per column, √(2m) for m columns.
 * No δ is needed: the bins are data-independent, so every one of them is released (noisily).
 */
import { gaussian } from '../privacy/index.js';
import { QUANTILE_GRID } from './grid.js';
import { roundOutward, type BoundsInput } from './release-bounds.js';
import type { ColumnRelease, Recorder } from './types.js';

/** z of the threshold: an empty bin clears it with probability Φ(−4.5) ≈ 3.4e-6. */
export const BOUNDS_THRESHOLD_Z = 4.5;

interface Bin { first: number; last: number }

/** Octave bins as runs of fine grid cells j (cell j holds values in (t_{j−1}, t_j]); the last bin is the overflow above t_max. */
function octaveBins(): Bin[] {
  const key = (t: number) => (t === 0 ? 'zero' : `${Math.sign(t)}:${Math.floor(Math.log2(Math.abs(t)))}`);
  const bins: Bin[] = [];
  for (let j = 0; j < QUANTILE_GRID.length; j++) {
    const last = bins[bins.length - 1];
    if (last && key(QUANTILE_GRID[last.last]!) === key(QUANTILE_GRID[j]!) && QUANTILE_GRID[j] !== 0) last.last = j;
    else bins.push({ first: j, last: j });
  }
  bins.push({ first: QUANTILE_GRID.length, last: QUANTILE_GRID.length }); // values above the grid
  return bins;
}

const BINS = octaveBins();

export function octaveBinCount(): number {
  return BINS.length;
}

function lowerEdge(bin: Bin): number {
  return bin.first === 0 ? QUANTILE_GRID[0]! : QUANTILE_GRID[bin.first - 1]!;
}

function upperEdge(bin: Bin): number {
  return QUANTILE_GRID[Math.min(bin.last, QUANTILE_GRID.length - 1)]!;
}


/** The smallest value on the 10^-decimals grid strictly above a (a bin holds values > its lower edge). */
function smallestAbove(a: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Number(((Math.floor(a * scale) + 1) / scale).toFixed(decimals));
}

/** Exact bin counts of one column (private: released only with noise). */
function binCounts(input: BoundsInput): Float64Array {
  const h = input.statistics.histogram!;
  return Float64Array.from(BINS, (bin) => {
    if (bin.first === QUANTILE_GRID.length) return h.above;
    let s = 0;
    for (let j = bin.first; j <= bin.last; j++) s += h.below[j]! + h.at[j]!;
    return s;
  });
}

export interface HistogramBoundsContext {
  readonly recorder: Recorder;
  /** Noise multiplier of the one Gaussian release. */
  readonly sigma: number;
  /** Adds secure N(0, std²) noise. */
  readonly addNoise: (values: Float64Array, std: number) => Float64Array;
}

export function releaseHistogramBounds(inputs: readonly BoundsInput[], context: HistogramBoundsContext): ColumnRelease[] {
  const m = inputs.length, width = BINS.length;
  const sensitivity = Math.sqrt(2 * m);
  const std = context.sigma * sensitivity;
  const threshold = BOUNDS_THRESHOLD_Z * std;
  const exact = new Float64Array(m * width);
  inputs.forEach((input, i) => exact.set(binCounts(input), i * width));
  context.recorder.record(`bounds of ${inputs.map((p) => p.column.name).join(', ')} (thresholded Gaussian histogram on octave bins)`, gaussian(context.sigma), {
    noiseStd: std, sensitivity, threshold, binsPerColumn: width, neighbours: 'replace-one',
  });
  const noisy = context.addNoise(exact, std);
  return inputs.map((input, i) => {
    const { column, type, format } = input;
    const declaredDecimals = column.typeFrom === 'declared' && column.declared?.type === 'numeric' ? column.declared.format?.decimals : undefined;
    const decimals = type === 'integer' ? 0 : (declaredDecimals ?? format?.decimals ?? 0);
    let lo = -1, hi = -1;
    for (let b = 0; b < width; b++) {
      if (noisy[i * width + b]! > threshold) { if (lo < 0) lo = b; hi = b; }
    }
    let bounds: [number, number];
    let note: string | undefined;
    if (lo < 0) {
      bounds = [0, 1];
      note = `no value range of ${column.name} stood out from the noise (threshold ${Math.round(threshold)} rows); bounds [0, 1] are a placeholder, so declare its bounds in a schema or raise the budget`;
    } else {
      bounds = [smallestAbove(lowerEdge(BINS[lo]!), decimals), roundOutward(upperEdge(BINS[hi]!), decimals, 'up')];
    }
    return {
      domain: { type, bounds, decimals, ...(note ? { note } : {}) },
      decision: {
        name: column.name, domain: 'estimated', type, typeFrom: column.typeFrom,
        bounds: { bounds, method: 'histogram', threshold },
        ...(note ? { note } : {}),
      },
      ...(note ? { notice: note } : {}),
    };
  });
}
