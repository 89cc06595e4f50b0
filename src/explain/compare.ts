// Comparing two learnt explanations (the card's privacy and fairness trade-off studies): the
// closed-form KL between the two importance Dirichlets, and the L2 distance of their means.
import { dirichletMean, klDirichlet } from '../dirichlet/index.js';

/** Anything carrying learnt concentrations φ (a GlobalImportance, or a plain object). */
export interface HasConcentrations {
  readonly phi: ArrayLike<number>;
}

export interface ExplanationDistance {
  /** KL(Dir(φ_a) ‖ Dir(φ_b)) in nats. */
  readonly kl: number;
  /** KL(Dir(φ_b) ‖ Dir(φ_a)): the KL is not symmetric. */
  readonly reverseKl: number;
  /** ‖φ_a/Σφ_a − φ_b/Σφ_b‖₂, the distance of the two mean importances. */
  readonly l2: number;
}

/** How far explanation `a` is from `b` (e.g. a DP classifier's against the non-private one's). */
export function compareExplanations(a: HasConcentrations, b: HasConcentrations): ExplanationDistance {
  if (a.phi.length !== b.phi.length) throw new Error(`Two explanations over ${a.phi.length} and ${b.phi.length} features cannot be compared.`);
  const ma = dirichletMean(a.phi), mb = dirichletMean(b.phi);
  let sq = 0;
  for (let j = 0; j < ma.length; j++) sq += (ma[j]! - mb[j]!) ** 2;
  return { kl: klDirichlet(a.phi, b.phi), reverseKl: klDirichlet(b.phi, a.phi), l2: Math.sqrt(sq) };
}
