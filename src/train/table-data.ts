// Labelled rows from a CSV as training data. The encoding needs each column's domain (categories,
// bounds): from a public schema, or estimated privately with part of the budget and recorded in
// the ledger, exactly as `privkit synth` does.
import { UserError } from '../errors.js';
import { createEncoder, type Encoder, type Schema } from '../data/index.js';
import { estimateSchema, splitTarget } from '../estimate/index.js';
import type { Ledger } from '../privacy/ledger.js';
import { labeledChunks } from '../synth/labeled-chunks.js';
import type { LabelledData } from '../dpsgd/dataset.js';

export interface TableEncoding {
  readonly encoder: Encoder;
  readonly target: string;
  readonly classes: readonly string[];
}

/**
 * Reads every row of `path` through the encoding. Rows whose target is missing or unknown are
 * skipped, or with `keepUnlabelled` kept with label −1 (the target column may then be absent).
 */
export async function readEncodedTable(path: string, encoding: TableEncoding, header = true, keepUnlabelled = false): Promise<LabelledData> {
  const xs: Float32Array[] = [], ys: Int32Array[] = [];
  let rows = 0;
  for await (const chunk of labeledChunks({ path, csv: { header }, encoder: encoding.encoder, target: { name: encoding.target, classes: encoding.classes }, keepUnlabelled })) {
    xs.push(chunk.x.subarray(0, chunk.rows * encoding.encoder.width));
    ys.push(chunk.labels.subarray(0, chunk.rows));
    rows += chunk.rows;
  }
  if (rows === 0) throw new UserError(keepUnlabelled ? `${path} has no data rows.` : `${path} has no row with a known value of the target '${encoding.target}'; check the file and the target column.`);
  const features = new Float32Array(rows * encoding.encoder.width), labels = new Int32Array(rows);
  let at = 0;
  xs.forEach((x, k) => { features.set(x, at * encoding.encoder.width); labels.set(ys[k]!, at); at += ys[k]!.length; });
  return { features, exampleShape: [encoding.encoder.width], labels, classes: encoding.classes.length };
}

export interface PrivateTableOptions {
  readonly path: string;
  readonly target: string;
  readonly ledger: Ledger;
  /** Budget for estimating the schema (columns the user schema declares public cost nothing). */
  readonly budget: { epsilon: number; delta: number };
  readonly userSchema?: Schema;
  readonly header?: boolean;
}

/** The private schema (released through the ledger), its encoder, and the encoded training rows. */
export async function readPrivateTable(o: PrivateTableOptions): Promise<{ data: LabelledData; encoding: TableEncoding; schema: Schema; releasedRowCount: number | null }> {
  const estimated = await estimateSchema({
    source: o.path, ledger: o.ledger, budget: o.budget, target: o.target, header: o.header ?? true,
    ...(o.userSchema ? { userSchema: o.userSchema } : {}),
  });
  const { featureSchema, classes } = splitTarget(estimated.schema, o.target);
  if (featureSchema.columns.length === 0) throw new UserError('There is no feature column besides the target; give a CSV with at least one other column.');
  const encoding: TableEncoding = { encoder: createEncoder(featureSchema), target: o.target, classes };
  const releasedRowCount = estimated.rowCount === undefined || estimated.rowCount === null ? null : Math.max(1, Math.round(estimated.rowCount));
  return { data: await readEncodedTable(o.path, encoding, o.header ?? true), encoding, schema: estimated.schema, releasedRowCount };
}
