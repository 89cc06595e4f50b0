// Rankings of the units of each prunable layer, most important first, in one format for every
// criterion: Dirichlet switches (φ), filter magnitude (L1 norm) and a random order (the baseline).
import * as tf from '../engine/tf.js';
import { createRng, shuffleInPlace } from '../engine/random/seeded-rng.js';
import type { LabelledData } from '../dpsgd/dataset.js';
import type { Classifier } from '../nn/models.js';
import { prunableLayers, type PrunableLayer } from './family.js';
import { trainSwitches, type SwitchOptions, type SwitchResult } from './switches.js';
import { descendingOrder } from '../engine/order.js';

export type RankingMethod = 'dirichlet' | 'magnitude' | 'random';

export interface UnitRanking {
  /** Index of the prunable layer. */
  readonly layer: number;
  readonly name: string;
  /** One score per unit; higher means more important. */
  readonly scores: readonly number[];
  /** Unit indices by decreasing score (ties: lower index first). */
  readonly order: readonly number[];
}

export function rankingFromScores(layer: Pick<PrunableLayer, 'index' | 'name' | 'units'>, scores: readonly number[]): UnitRanking {
  if (scores.length !== layer.units) throw new Error(`Layer ${layer.name} has ${layer.units} units, got ${scores.length} scores.`);
  const order = descendingOrder(scores);
  return { layer: layer.index, name: layer.name, scores: [...scores], order };
}

/** The ranking by the learned concentrations φ (equivalently by the posterior mean φ/Σφ). */
export function switchRanking(result: SwitchResult, units = result.phi.length): UnitRanking {
  return rankingFromScores({ index: result.layer, name: result.name, units }, result.phi);
}

/** L1 norm of each unit's incoming weights (conv filter or dense column), bias excluded. */
export function magnitudeRankings(model: Classifier): UnitRanking[] {
  return prunableLayers(model).map((layer) => {
    const weight = model.layers[layer.position]!.params[0]!;
    const norms = tf.tidy(() => tf.sum(tf.abs(tf.reshape(weight, [-1, layer.units])), 0));
    const scores = Array.from(norms.dataSync());
    norms.dispose();
    return rankingFromScores(layer, scores);
  });
}

/** A seeded random order per layer (scores: C for the first unit in the order down to 1). */
export function randomRankings(model: Classifier, seed: number): UnitRanking[] {
  const rng = createRng(seed);
  return prunableLayers(model).map((layer) => {
    const order = Int32Array.from({ length: layer.units }, (_, i) => i);
    shuffleInPlace(order, rng);
    const scores = new Array<number>(layer.units);
    order.forEach((unit, rank) => { scores[unit] = layer.units - rank; });
    return rankingFromScores(layer, scores);
  });
}

export interface DirichletRankingOptions extends Omit<SwitchOptions, 'layer' | 'onStep'> {
  /** Called with (layer index, steps done, steps for that layer). */
  readonly onStep?: (layer: number, done: number, total: number) => void;
}

/** Trains switches for every prunable layer, one layer at a time (card §2.2 step 4), and ranks by φ. */
export async function dirichletRankings(model: Classifier, data: LabelledData, options: DirichletRankingOptions): Promise<{ rankings: UnitRanking[]; switches: SwitchResult[] }> {
  const switches: SwitchResult[] = [];
  for (const layer of prunableLayers(model)) {
    const { onStep, ...rest } = options;
    switches.push(await trainSwitches(model, data, {
      ...rest, layer: layer.index, seed: options.seed + layer.index,
      ...(onStep ? { onStep: (done: number, total: number) => onStep(layer.index, done, total) } : {}),
    }));
  }
  return { rankings: switches.map((s) => switchRanking(s)), switches };
}
