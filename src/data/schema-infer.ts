/**
 * A schema inferred from the private data itself. Its bounds and categories ARE the data's min, max
 * and distinct values, so every column is marked not public and the schema carries a warning: it is
 * a starting point for a person to review, never something to publish as is.
 */
import type { CsvReadOptions, CsvSource } from './csv-reader.js';
import { inferColumnTypes, type ColumnStats, type InferOptions } from './infer-types.js';
import { SCHEMA_VERSION, type ColumnSchema, type Schema } from './schema.js';

export const INFERRED_SCHEMA_WARNING =
  'This schema was derived from the private data: its bounds and categories reveal that data, so it is NOT private. ' +
  'A person must review every column, replace data-derived bounds and categories with public knowledge, ' +
  'and set "public": true only where the domain may be published; columns left "public": false will have their domain estimated privately, at a privacy cost.';

function columnFromStats(stats: ColumnStats, maxCategories: number): ColumnSchema {
  const base = { name: stats.name, missing: stats.missing > 0, public: false };
  if (stats.type === 'categorical') {
    if (stats.count === 0) return { ...base, type: 'categorical', note: 'every value is missing; drop this column or give its categories.' };
    const note = stats.highCardinality
      ? `more than ${maxCategories} distinct values; only ${stats.categories.length} are listed, so drop this column or group its values before using it.`
      : undefined;
    return { ...base, type: 'categorical', categories: stats.categories, ...(note !== undefined ? { note } : {}) };
  }
  return {
    ...base,
    type: stats.type,
    bounds: [stats.min, stats.max],
    ...(stats.type === 'numeric' ? { format: { decimals: stats.decimals } } : {}),
  };
}

/** Infers a schema from the data (`source: "inferred-from-data"`, every column `public: false`). */
export async function inferSchema(source: CsvSource, options: CsvReadOptions & InferOptions = {}): Promise<Schema> {
  const stats = await inferColumnTypes(source, options);
  return schemaFromStats(stats, options.maxCategories ?? 1000);
}

export function schemaFromStats(stats: readonly ColumnStats[], maxCategories = 1000): Schema {
  return {
    privkit: SCHEMA_VERSION,
    source: 'inferred-from-data',
    warning: INFERRED_SCHEMA_WARNING,
    columns: stats.map((s) => columnFromStats(s, maxCategories)),
  };
}
