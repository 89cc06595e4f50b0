// A CSV as logistic-regression data for DP-SEP: the schema is estimated privately through the
// ledger (or taken from a public schema), rows are one-hot/scaled by the shared encoder, an
// intercept is appended, and every row is divided by the public bound √(maxRowNorm² + 1) so that
// ‖x‖ ≤ 1 whatever the data.
import { UserError } from '../../errors.js';
import type { Schema } from '../../data/index.js';
import type { Ledger } from '../../privacy/index.js';
import { preprocessingBudget } from '../../synth/synthesize.js';
import { readPrivateTable } from '../../train/table-data.js';

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
  if (encoding.classes.length !== 2) {
    throw new UserError(`Logistic regression needs a target with exactly two classes, but '${o.target}' has ${encoding.classes.length} (${encoding.classes.slice(0, 5).join(', ')}${encoding.classes.length > 5 ? ', …' : ''}); pick a binary column.`);
  }
  const enc = encoding.encoder, width = enc.width, dim = width + 1, rows = data.labels.length;
  const scale = 1 / Math.sqrt(enc.maxRowNorm * enc.maxRowNorm + 1);
  const features = new Float64Array(rows * dim), labels = new Int8Array(rows);
  for (let n = 0; n < rows; n++) {
    for (let i = 0; i < width; i++) features[n * dim + i] = data.features[n * width + i]! * scale;
    features[n * dim + width] = scale;
    labels[n] = data.labels[n] === 1 ? 1 : -1;
  }
  const names: string[] = [];
  for (const b of enc.blocks) {
    const column = enc.schema.columns.find((c) => c.name === b.name);
    for (let j = 0; j < b.width; j++) {
      if (j === b.missingSlot) names.push(`${b.name}=(missing)`);
      else if (column?.type === 'categorical') names.push(`${b.name}=${column.categories?.[j] ?? j}`);
      else names.push(b.name);
    }
  }
  names.push('(intercept)');
  return { features, labels, dim, names, positiveClass: encoding.classes[1]!, negativeClass: encoding.classes[0]!, releasedRowCount };
}
