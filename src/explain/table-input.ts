// The table `privkit explain` learns from: encoded rows, the column of each encoded value (so a
// category's one-hot code is one feature) and, with a budget, the ledger that already holds the
// private schema estimate and row count. Without a budget the schema is inferred from the file as it
// is (no privacy) and its numeric columns clip, so test rows outside the training range still read.
import { createEncoder, inferSchema, type Encoder, type Schema } from '../data/index.js';
import { splitTarget } from '../estimate/index.js';
import type { LabelledData } from '../dpsgd/dataset.js';
import { createLedger, type Ledger } from '../privacy/ledger.js';
import { preprocessingBudget } from '../synth/synthesize.js';
import { releaseRecordCount } from '../train/dataset-size.js';
import { readEncodedTable, readPrivateTable, type TableEncoding } from '../train/table-data.js';

/** The feature (CSV column) of each encoded column. */
export function columnGroups(encoder: Encoder): Int32Array {
  const groups = new Int32Array(encoder.width);
  encoder.blocks.forEach((b, j) => groups.fill(j, b.offset, b.offset + b.width));
  return groups;
}

export interface ExplainTableInput {
  readonly train: LabelledData;
  readonly encoding: TableEncoding;
  /** The CSV columns the importance is over, and the column of each encoded value. */
  readonly features: readonly string[];
  readonly groups: Int32Array;
  readonly privacy: { readonly ledger: Ledger; readonly releasedCount: number } | null;
}

export interface ReadExplainTableOptions {
  readonly csv: string;
  readonly target: string;
  readonly userSchema?: Schema;
  /** Null: no privacy. */
  readonly budget: { readonly epsilon: number; readonly delta: number } | null;
  /** A row count the user declares public (otherwise one is released privately). */
  readonly publicSize?: number;
}

export async function readExplainTable(o: ReadExplainTableOptions): Promise<ExplainTableInput> {
  const layout = (encoding: TableEncoding) => ({ features: encoding.encoder.blocks.map((b) => b.name), groups: columnGroups(encoding.encoder) });
  if (!o.budget) {
    let schema: Schema;
    if (o.userSchema) schema = o.userSchema;
    else {
      const inferred = await inferSchema(o.csv);
      schema = { ...inferred, columns: inferred.columns.map((c) => ({ ...c, clip: true })) };
    }
    const { featureSchema, classes } = splitTarget(schema, o.target);
    const encoding: TableEncoding = { encoder: createEncoder(featureSchema, { allowUnreleasedDomains: true }), target: o.target, classes };
    return { train: await readEncodedTable(o.csv, encoding), encoding, ...layout(encoding), privacy: null };
  }
  const { epsilon, delta } = o.budget;
  const ledger = createLedger({ epsilon, delta, adjacency: 'add-remove-one' });
  const { data, encoding, releasedRowCount } = await readPrivateTable({
    path: o.csv, target: o.target, ledger, budget: preprocessingBudget(epsilon, delta, 0.1), ...(o.userSchema ? { userSchema: o.userSchema } : {}),
  });
  const releasedCount = o.publicSize ?? releasedRowCount ?? releaseRecordCount(ledger, data.labels.length);
  return { train: data, encoding, ...layout(encoding), privacy: { ledger, releasedCount } };
}
