// What SEP needs from a model: its prior (natural form, one Gaussian per component), the number of
// records, and the local site of a record given the cavity. The local site of record n may depend
// only on record n and the cavity (which is public in DP-SEP): that is what makes the per-record
// sensitivity of an update bounded by the clipping norm, whatever the other records are.
import type { Site } from './site.js';

export interface SepModel {
  readonly kind: 'mog' | 'logreg';
  /** Independent Gaussian factors of the approximation (K for the mixture, 1 for regression). */
  readonly components: number;
  /** Dimension of each factor. */
  readonly dim: number;
  /** The prior p₀ in natural form (data-independent). */
  readonly prior: Site;
  /** Number of records held (private under add/remove-one: never used for noise or accounting). */
  readonly records: number;
  /**
   * Local sites λ_new − λ_cav of the given records for one cavity, or null when the cavity is not a
   * proper Gaussian (then the step is skipped). A record whose moments cannot be matched gets a
   * zero site.
   */
  localSites(cavity: Site, records: readonly number[]): Site[] | null;
}
