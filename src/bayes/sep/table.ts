// A CSV as logistic-regression data for DP-SEP: the schema is estimated privately through the
// ledger (or taken from a public schema), rows are one-hot/scaled by the shared encoder, an
// intercept is appended, and every row is divided by the public bound √(maxRowNorm² + 1) so that
// ‖x‖ ≤ 1 whatever the data (table-rows.ts, shared with VIPS).
import type { Schema } from '../../data/index.js';
import type { Ledger } from '../../privacy/index.js';
import { preprocessingBudget } from '../../synth/synthesize.js';
import { readPrivateTable } from '../../train/table-data.js';
import { binaryTableRows, coefficientNames } from '../table-rows.js';

export interface LogisticTable {
  readonly features: Float64Array;
  readonly labels: Int8Array;
  readonly dim: number;
  /** A readable name per weight (column, column=category, or (intercept)). */
  readonly names: readonly string[];
  /** The class coded +1 (the other is −1). */
  readonly positiveClass: string;
  readonly negativeClass: string;
  /** Row count released while estimating the schema, if any. */
  readonly releasedRowCount: number | null;
}

/** Share of the budget spent on the schema (as `privkit train`). */
export const SCHEMA_SHARE = 0.1;

export async function readLogisticTable(o: { path: string; target: string; ledger: Ledger; userSchema?: Schema }): Promise<LogisticTable> {
  const { epsilon, delta } = o.ledger.budget;
  const { data, encoding, releasedRowCount } = await readPrivateTable({
    path: o.path, target: o.target, ledger: o.ledger, budget: preprocessingBudget(epsilon, delta, SCHEMA_SHARE),
    ...(o.userSchema ? { userSchema: o.userSchema } : {}),
  });
  const { features, rows, dim } = binaryTableRows(data, encoding);
  const labels = Int8Array.from({ length: rows }, (_, n) => (data.labels[n] === 1 ? 1 : -1));
  const names = coefficientNames(encoding);
  return { features, labels, dim, names, positiveClass: encoding.classes[1]!, negativeClass: encoding.classes[0]!, releasedRowCount };
}
