// The whole `privkit compress` run as one library call: rank the units of every prunable layer,
// choose how many to keep, build the smaller network and fine-tune it. No privacy: the training
// data are used as they are (the card's method is non-private), so the result is only as private
// as the data the caller passes.
import * as tf from '../engine/tf.js';
import type { LabelledData } from '../dpsgd/dataset.js';
import { accuracy } from '../dpsgd/train.js';
import type { Classifier } from '../nn/models.js';
import { architectureCost, type NetworkCost } from './cost.js';
import { fineTune, type FineTuneOptions, type FineTuneSettings } from './fine-tune.js';
import { keepCountsForFraction } from './keep.js';
import { keptUnits, pruneClassifier } from './prune.js';
import { dirichletRankings, magnitudeRankings, randomRankings, type RankingMethod, type UnitRanking } from './ranking.js';
import type { SwitchResult, SwitchSettings } from './switches.js';

export interface CompressOptions {
  readonly model: Classifier;
  readonly train: LabelledData;
  readonly test?: LabelledData;
  /** Either a fraction of the parameters to keep (keepCountsForFraction) or units kept per layer. */
  readonly keep: number | readonly number[];
  readonly ranking?: RankingMethod;
  readonly switches?: Partial<SwitchSettings>;
  readonly fineTune?: Omit<FineTuneOptions, 'seed' | 'onStep' | 'signal'>;
  readonly seed: number;
  readonly onProgress?: (phase: 'switches' | 'fine-tune', done: number, total: number, layer?: number) => void;
  readonly signal?: AbortSignal;
}

export interface CompressResult {
  readonly model: Classifier;
  readonly ranking: RankingMethod;
  readonly rankings: UnitRanking[];
  /** Present for the Dirichlet ranking. */
  readonly switches: SwitchResult[] | null;
  readonly keep: number[];
  /** Units kept per layer (original indices). */
  readonly kept: number[][];
  readonly cost: { readonly original: NetworkCost; readonly pruned: NetworkCost };
  readonly fineTune: FineTuneSettings;
  /** Test accuracy of the original, the pruned before and after fine-tuning (null without test data). */
  readonly accuracy: { readonly original: number; readonly pruned: number; readonly fineTuned: number } | null;
}

export async function compressClassifier(options: CompressOptions): Promise<CompressResult> {
  const { model, train, test, seed } = options;
  const method = options.ranking ?? 'dirichlet';
  const keep = typeof options.keep === 'number' ? keepCountsForFraction(model.architecture, options.keep).keep : [...options.keep];
  const signal = options.signal ? { signal: options.signal } : {};
  let switches: SwitchResult[] | null = null;
  let rankings: UnitRanking[];
  if (method === 'dirichlet') {
    const onProgress = options.onProgress;
    ({ rankings, switches } = await dirichletRankings(model, train, {
      ...options.switches, seed, ...signal,
      ...(onProgress ? { onStep: (layer: number, done: number, total: number) => onProgress('switches', done, total, layer) } : {}),
    }));
  } else {
    rankings = method === 'magnitude' ? magnitudeRankings(model) : randomRankings(model, seed);
  }
  const kept = keptUnits(rankings, keep);
  const small = pruneClassifier(model, kept);
  let before: { original: number; pruned: number } | null, settings: FineTuneSettings;
  try {
    before = test ? { original: accuracy(model, test), pruned: accuracy(small, test) } : null;
    const onProgress = options.onProgress;
    settings = await fineTune(small, train, {
      ...options.fineTune, seed: seed + 1000, ...signal,
      ...(onProgress ? { onStep: (done: number, total: number) => onProgress('fine-tune', done, total) } : {}),
    });
  } catch (error) {
    tf.dispose([...small.params]); // the caller never sees the pruned model
    throw error;
  }
  return {
    model: small, ranking: method, rankings, switches, keep, kept,
    cost: { original: architectureCost(model.architecture), pruned: architectureCost(small.architecture) },
    fineTune: settings,
    accuracy: before && test ? { ...before, fineTuned: accuracy(small, test) } : null,
  };
}
