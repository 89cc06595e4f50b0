// Separates the target column from the feature columns of a (released) schema.
import { UserError } from '../errors.js';
import type { Schema } from '../data/index.js';

/** The schema without the target, and the target's released classes (none without a target). */
export function splitTarget(schema: Schema, target: string | undefined): { featureSchema: Schema; classes: string[] } {
  if (target === undefined) return { featureSchema: schema, classes: [] };
  const column = schema.columns.find((c) => c.name === target);
  if (!column) throw new UserError(`There is no target column '${target}'; pass one of: ${schema.columns.map((c) => c.name).join(', ')}.`);
  if (column.type !== 'categorical' || !column.categories || column.categories.length < 2) {
    throw new UserError(`The target column '${target}' must be categorical with at least 2 classes that can be released privately.`);
  }
  return { featureSchema: { ...schema, columns: schema.columns.filter((c) => c.name !== target) }, classes: [...column.categories] };
}
