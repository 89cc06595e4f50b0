// DP-SEP end to end: fix N (declared public or released through the ledger), calibrate one noise
// multiplier σ for epochs·N Poisson-sampled (q = 1/N) Gaussian steps, record the run in the ledger
// and run SEP with clipped local sites, noise std σ·sensitivity on every step, PD repair and
// re-clipping of the average site.
import { privacyNoiseIsSeeded } from '../../engine/random/secure-gaussian.js';
import { ensure } from '../../errors.js';
import {
  calibrateForLedger, createLedger, gaussian, type Ledger, type LedgerJson, poissonSampled,
  type PrivacyEvent, selfComposed,
} from '../../privacy/index.js';
import { releaseRecordCount } from '../../train/dataset-size.js';
import type { SepModel } from './model.js';
import { runSep, type SepRunResult, sepSensitivity } from './sep.js';
import { siteBlockCount, zeroSite } from './site.js';

export const DP_SEP_DEFAULTS = Object.freeze({ epochs: 100, gamma: 1, clip: 1, eigenFloor: 1e-4, tailAverage: 0.5 });

/** The whole run for the accountant: epochs·N steps, each a Poisson-sampled (1/N) Gaussian(σ). */
export function dpSepEvent(noiseMultiplier: number, size: number, epochs: number): PrivacyEvent {
  return selfComposed(poissonSampled(1 / size, gaussian(noiseMultiplier)), epochs * size);
}

export interface DpSepOptions {
  readonly model: SepModel;
  readonly epsilon: number;
  readonly delta: number;
  readonly epochs?: number;
  readonly gamma?: number;
  readonly clip?: number;
  /** N declared public; without it a noisy count is released through the ledger first. */
  readonly publicSize?: number;
  /** A ledger already holding earlier releases (e.g. a privately estimated schema); its budget is the run's. */
  readonly ledger?: Ledger;
  readonly eigenFloor?: number;
  /** Fraction of the final steps whose released sites are averaged (post-processing; default 0.5). */
  readonly tailAverage?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface DpSepResult extends SepRunResult {
  readonly size: number;
  readonly sizeReleased: boolean;
  readonly samplingRate: number;
  readonly noiseMultiplier: number;
  /** L2 sensitivity of one step's update (all blocks together). */
  readonly sensitivity: number;
  /** Std of the Gaussian noise on every entry of the update: noiseMultiplier × sensitivity. */
  readonly noiseStd: number;
  readonly clip: number;
  readonly gamma: number;
  readonly epochs: number;
  readonly epsilon: number;
  readonly delta: number;
  readonly ledger: LedgerJson;
  /** True when privacy noise was seeded for testing: the result is then NOT private. */
  readonly noiseSeededForTesting: boolean;
}

function positive(x: number, what: string, example: string): number {
  ensure(Number.isFinite(x) && x > 0, `${what} must be a positive number, got ${x}; pass e.g. ${example}.`);
  return x;
}

export async function runDpSep(o: DpSepOptions): Promise<DpSepResult> {
  const epochs = o.epochs ?? DP_SEP_DEFAULTS.epochs;
  ensure(Number.isInteger(epochs) && epochs >= 1, `The number of epochs must be a whole number ≥ 1, got ${epochs}; pass e.g. --epochs 100.`);
  const gamma = positive(o.gamma ?? DP_SEP_DEFAULTS.gamma, 'The damping γ (gamma)', '--gamma 1');
  const clip = positive(o.clip ?? DP_SEP_DEFAULTS.clip, 'The clipping norm C', '--clip 1');
  const ledger = o.ledger ?? createLedger({ epsilon: o.epsilon, delta: o.delta, adjacency: 'add-remove-one' });
  let size: number;
  if (o.publicSize !== undefined) {
    ensure(Number.isInteger(o.publicSize) && o.publicSize >= 2, `The public record count must be a whole number ≥ 2, got ${o.publicSize}; pass the published size of the data set with --public-size.`);
    size = o.publicSize;
  } else size = Math.max(2, releaseRecordCount(ledger, o.model.records));
  ensure(gamma <= size, `The damping γ = ${gamma} is larger than the number of records ${size}, so one step would overshoot; use γ ≤ 1.`);
  const blocks = siteBlockCount(zeroSite(o.model.components, o.model.dim));
  const sensitivity = sepSensitivity({ gamma, size, clip, blocks });
  const event = (sigma: number): PrivacyEvent => dpSepEvent(sigma, size, epochs);
  const noiseMultiplier = calibrateForLedger(ledger, event);
  const noiseStd = noiseMultiplier * sensitivity;
  ledger.register('DP-SEP site updates', event(noiseMultiplier), {
    sensitivity, noiseStd, clip, gamma, epochs, steps: epochs * size, samplingRate: 1 / size, blocks,
  });
  const run = await runSep({
    model: o.model, size, epochs, gamma, clip, noiseStd, sampling: 'poisson',
    eigenFloor: o.eigenFloor ?? DP_SEP_DEFAULTS.eigenFloor, tailAverage: o.tailAverage ?? DP_SEP_DEFAULTS.tailAverage,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}),
  });
  const spent = ledger.spent();
  return {
    ...run, size, sizeReleased: o.publicSize === undefined, samplingRate: 1 / size, noiseMultiplier, sensitivity, noiseStd,
    clip, gamma, epochs, epsilon: spent.epsilon, delta: spent.delta, ledger: ledger.toJSON(), noiseSeededForTesting: privacyNoiseIsSeeded(),
  };
}
