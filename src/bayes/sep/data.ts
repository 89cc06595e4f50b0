// Simulated data for DP-SEP (card §2.4): the mixture of Gaussians of the paper's Table 1 and a
// logistic-regression set with rows inside the unit ball. Seeded (createRng), never privacy noise.
import { createRng } from '../../engine/random/seeded-rng.js';

export interface MixtureData {
  readonly dim: number;
  readonly components: number;
  /** Row-major records × dim. */
  readonly data: Float64Array;
  /** Which component drew each record. */
  readonly assignments: Int32Array;
  /** True component means (components × dim). */
  readonly trueMeans: Float64Array;
  /** Prior means m0_k (components × dim), drawn N(0, I) from their own seed as in the reference. */
  readonly priorMeans: Float64Array;
}

export const MOG_CARD = Object.freeze({ dim: 4, components: 4, noiseVariance: 0.25, priorVariance: 10, records: 1000, dataSeed: 60, priorSeed: 0 });

/** True means μ_k ∼ N(0, I); x = μ_z + 0.5·N(0, I) with z uniform; prior means N(0, I). */
export function simulateMixture(o: { records: number; dim?: number; components?: number; noiseVariance?: number; seed?: number; priorSeed?: number }): MixtureData {
  const dim = o.dim ?? MOG_CARD.dim, components = o.components ?? MOG_CARD.components;
  const sd = Math.sqrt(o.noiseVariance ?? MOG_CARD.noiseVariance);
  const rng = createRng(o.seed ?? MOG_CARD.dataSeed);
  const trueMeans = Float64Array.from({ length: components * dim }, () => rng.normal());
  const data = new Float64Array(o.records * dim), assignments = new Int32Array(o.records);
  for (let n = 0; n < o.records; n++) {
    const z = rng.int(components);
    assignments[n] = z;
    for (let i = 0; i < dim; i++) data[n * dim + i] = trueMeans[z * dim + i]! + sd * rng.normal();
  }
  const priorRng = createRng(o.priorSeed ?? MOG_CARD.priorSeed);
  const priorMeans = Float64Array.from({ length: components * dim }, () => priorRng.normal());
  return { dim, components, data, assignments, trueMeans, priorMeans };
}

export interface LogisticData {
  readonly dim: number;
  /** Row-major records × dim, every row with ‖x‖ ≤ 1. */
  readonly features: Float64Array;
  /** ±1. */
  readonly labels: Int8Array;
  readonly trueWeights: Float64Array;
}

/** x = z/(2√d) for z ∼ N(0, I), clipped to the unit ball; w ∼ N(0, 9I); y = ±1 with P(+1) = σ(wᵀx). */
export function simulateLogistic(o: { records: number; dim?: number; seed?: number }): LogisticData {
  const dim = o.dim ?? 5;
  const rng = createRng(o.seed ?? 1);
  const trueWeights = Float64Array.from({ length: dim }, () => 3 * rng.normal());
  const features = new Float64Array(o.records * dim), labels = new Int8Array(o.records);
  for (let n = 0; n < o.records; n++) {
    let sq = 0;
    for (let i = 0; i < dim; i++) { const v = rng.normal() / (2 * Math.sqrt(dim)); features[n * dim + i] = v; sq += v * v; }
    const scale = sq > 1 ? 1 / Math.sqrt(sq) : 1;
    let a = 0;
    for (let i = 0; i < dim; i++) { features[n * dim + i] *= scale; a += features[n * dim + i]! * trueWeights[i]!; }
    labels[n] = rng.uniform() < 1 / (1 + Math.exp(-a)) ? 1 : -1;
  }
  return { dim, features, labels, trueWeights };
}
