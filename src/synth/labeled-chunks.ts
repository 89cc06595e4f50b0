// Streams a private CSV as encoded, labelled chunks (bounded memory: one chunk at a time).
import { UserError } from '../errors.js';
import { openCsv, type CsvReadOptions, type Encoder } from '../data/index.js';
import type { LabeledChunk } from './mean-embedding.js';

export interface ChunkSource {
  path: string;
  csv?: CsvReadOptions;
  encoder: Encoder;
  /** Target column and its released classes; without it every row is class 0. */
  target?: { name: string; classes: readonly string[] };
  chunkRows?: number;
  /** Keep rows whose target is missing or unknown, labelled −1 (and allow no target column): for prediction. */
  keepUnlabelled?: boolean;
}

/** Encoded chunks of the CSV; rows whose target is missing or not a released class are skipped. */
export async function* labeledChunks(src: ChunkSource): AsyncGenerator<LabeledChunk> {
  const file = await openCsv(src.path, src.csv);
  const columns = src.encoder.schema.columns.map((c) => c.name);
  const position = new Map(file.columns.map((name, i) => [name, i]));
  const order = columns.map((name) => {
    const i = position.get(name);
    if (i === undefined) throw new UserError(`${file.name} has no column '${name}' that the schema names; fix the schema or the file header.`);
    return i;
  });
  const targetIndex = src.target ? position.get(src.target.name) : undefined;
  if (src.target && targetIndex === undefined && !src.keepUnlabelled) throw new UserError(`${file.name} has no target column '${src.target.name}'; pass one of: ${file.columns.join(', ')}.`);
  const classOf = new Map((src.target?.classes ?? []).map((c, i) => [c, i]));
  const width = src.encoder.width, size = src.chunkRows ?? 2048;
  let chunk: LabeledChunk = { x: new Float32Array(size * width), labels: new Int32Array(size), rows: 0 };
  const cells = new Array<string | null>(columns.length);
  for await (const record of file.rows) {
    let label = 0;
    if (targetIndex !== undefined) {
      const value = record.values[targetIndex];
      const c = value === null || value === undefined ? undefined : classOf.get(value);
      if (c === undefined && !src.keepUnlabelled) continue;
      label = c ?? -1;
    } else if (src.keepUnlabelled) {
      label = -1;
    }
    for (let j = 0; j < order.length; j++) cells[j] = record.values[order[j]!] ?? null;
    try {
      src.encoder.encodeRow(cells, chunk.x, chunk.rows * width);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${file.name} line ${record.line}: ${error.message}`);
      throw error;
    }
    chunk.labels[chunk.rows++] = label;
    if (chunk.rows === size) {
      yield chunk;
      chunk = { x: new Float32Array(size * width), labels: new Int32Array(size), rows: 0 };
    }
  }
  if (chunk.rows > 0) yield chunk;
}
